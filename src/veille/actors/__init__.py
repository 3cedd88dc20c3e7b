"""Who is named, and for whom they act: entity corrections, actors (country, sector), coreference."""

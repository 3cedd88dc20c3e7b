"""Places: recognise the places a text names and resolve them to GeoNames, offline."""

"""Events: who did what to whom, where and when, coded in PLOVER with CAMEO and ACLED crosswalks."""

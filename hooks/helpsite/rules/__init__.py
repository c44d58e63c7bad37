"""The rules computed from the model: schedules, open-now, fees and their compiled price plan, CLDR formats and the input grammar."""

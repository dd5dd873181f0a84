"""Budget: cost lines over dates, currencies, trips, the forms and the CSV export."""

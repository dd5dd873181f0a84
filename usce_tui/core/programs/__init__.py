"""Programs: eligibility, red flags, deadlines, costs, the form, the table rows and CSV files."""

"""The annual report as files a person sends: CSV (spreadsheets) and DOCX, in Ukrainian."""

"""What a page shows: placeholders, answer box, fee and service views, menus, search terms, structured data."""

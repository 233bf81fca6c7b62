"""执委履职: each executive member's yearly record (women kept in touch with, activities, 履职积分)."""

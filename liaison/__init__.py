"""联系点 ("123"联系点制度): county leaders' and staff's contact points for the year and their visits."""

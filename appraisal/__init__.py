"""年度工作任务与分类考核: the county's yearly task lists per category, their scoring and the ranking."""

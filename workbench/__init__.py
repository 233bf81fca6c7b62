"""The workbench: the home page (首页) of each role, and the reminders that go out by themselves.

Township staff see their 待办 (what is waiting for them, each item linking to the page where it is fixed) above
their headline figures; county staff the 验收 queue, each township's 填报进度 and what is overdue where;
leadership the dashboard. ``manage.py send_reminders`` tells the townships (through ``notices``) of what is
due. Every rule asked here is its owning app's (orgs, demo_sites, training, reports): this app only asks them,
in a fixed number of queries, and words the answers. Nothing depends on it.
"""

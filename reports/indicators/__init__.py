"""Every figure the portal reports: the catalogue with its 口径 (``catalogue``), the counts per township
(``measures``), the live figures kept per township (``ledger``) and the figures a reader sees (``figures``)."""

"""The catalogue's indicators by family, one module per group of the indicators page (组织建设, 妇女干部, 示范创建,
培训与活动, 换届, 经费): each holds its ``GROUP`` and its ``INDICATORS`` in display order, and the 口径 phrases
its definitions share. ``reports.indicators.catalogue`` puts the families together."""

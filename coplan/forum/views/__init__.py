"""The forum's pages, one module per area: public pages, the forum and its members, meetings,
the drafting workspace, and the oversight pages (responses, compliance, lessons, reviews).
Thin views: permissions from rules.py, work in services.py, reads in selectors.py."""

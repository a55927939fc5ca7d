"""The Role Model Plus text export format, in one place: ``sections`` (what its sections are and
the scales of their levels), ``parsing`` (a file to a ParsedProfile, with file and line for every
error), ``importer`` (a ParsedProfile into roles and requirements, in one transaction), ``export``
(a role back to the format) and ``seeding`` (the seed profiles in fixtures/sources)."""

"""The pages that list roles through reference data: the home page, skills, frameworks and professional
bodies, each with the published roles that need it. Above both ``frameworks`` (the reference
data) and ``roleprofiles`` (the roles), beside the catalogue."""

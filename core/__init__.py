"""What every app needs and no domain owns: paging, error pages, breadcrumbs, slugs.

Nothing here imports an app of this project (the import contract in pyproject.toml says so).
"""

"""The role pages, a module each: ``catalogue`` (/roles/), ``profile`` (/roles/<slug>/),
``downloads`` (its advert, job description and exports), ``compare`` (/compare/) and
``changes`` (/changes/). Each parses the request, calls a selector and renders."""

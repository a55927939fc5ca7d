// Mark the page as able to run the NHS.UK frontend scripts (see the library's template.njk).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");

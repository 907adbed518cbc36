// The error summary (templates/forms/error_summary.html), as GOV.UK's: after a failed
// submit it takes focus, so a screen reader reads it out; its links focus the field they
// name and bring its label or legend into view (a plain jump would hide it above the
// field). Without JavaScript the summary and its links still work.
(function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
        return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var control = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
        if (!control) {
            return;
        }
        event.preventDefault();
        var fieldset = control.closest("fieldset");
        var caption = (fieldset && fieldset.querySelector("legend")) ||
            document.querySelector("label[for='" + CSS.escape(control.id) + "']");
        (caption || control).scrollIntoView();
        control.focus({ preventScroll: true });
    });
})();

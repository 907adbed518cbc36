// A Copy button beside a read-only field (<input data-copy data-copy-label="Copy"
// data-copied-label="Copied">). Made here, so that without JavaScript there is no button
// that does nothing: the field alone, whose text selects in one click for copying by hand.
(function () {
    document.querySelectorAll("input[data-copy]").forEach(function (field) {
        var status = document.getElementById(field.getAttribute("data-copy-status"));
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button--secondary";
        button.textContent = field.getAttribute("data-copy-label");
        button.setAttribute("data-copy-button", "");
        field.insertAdjacentElement("afterend", button);
        field.addEventListener("focus", function () {
            field.select();
        });
        function done() {
            if (status) status.textContent = field.getAttribute("data-copied-label");
        }
        button.addEventListener("click", function () {
            field.select();
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(done, function () {
                    if (document.execCommand("copy")) done();
                });
            } else if (document.execCommand("copy")) {
                done();
            }
        });
    });
})();

// The grant application form (templates/grants/apply/application.html): saves the draft to
// the server a couple of seconds after typing stops (grants:save answers JSON with the new
// revision and "Saved at 14:32", announced by the polite live region); counts words under
// long answers that have a limit; adds up the budget table. Without JavaScript, the "Save
// draft" button saves the same way. Files are sent only by the buttons.
(function () {
    "use strict";
    var form = document.querySelector("form[data-autosave-url]");
    if (!form) {
        return;
    }
    var status = form.querySelector("[data-autosave-status]");
    var revision = form.querySelector("[data-revision]");
    var lang = document.documentElement.lang || "en";
    var timer = null;
    var saving = false;
    var again = false;
    var stopped = false;
    var inFlight = null; // the save under way (a promise), so a button can wait for it

    function fill(text, values) {
        return text.replace(/\{(\w+)\}/g, function (match, name) {
            return values[name] !== undefined ? values[name] : match;
        });
    }

    function say(text, failed) {
        status.textContent = text;
        status.classList.toggle("grants-saved--failed", Boolean(failed));
    }

    function save() {
        if (stopped) {
            return;
        }
        if (saving) {
            again = true;
            return;
        }
        saving = true;
        var data = new FormData(form);
        form.querySelectorAll("input[type=file]").forEach(function (input) {
            data.delete(input.name);
        });
        data.delete("action");
        inFlight = fetch(form.dataset.autosaveUrl, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch", "Accept": "application/json" }
        }).then(function (response) {
            return response.json().then(function (body) {
                return { status: response.status, body: body };
            });
        }).then(function (result) {
            if (result.body.ok) {
                revision.value = result.body.revision;
                say(result.body.message, false);
            } else {
                say(result.body.message, true);
                if (result.status === 409) {
                    stopped = true; // saved elsewhere: never overwrite it from here
                }
            }
        }).catch(function () {
            say(form.dataset.failedText, true);
        }).finally(function () {
            saving = false;
            inFlight = null;
            if (again && !stopped) {
                again = false;
                save();
            }
        });
    }

    function later() {
        window.clearTimeout(timer);
        timer = window.setTimeout(save, 2000);
    }

    form.addEventListener("input", function (event) {
        if (event.target.type !== "file") {
            later();
        }
    });
    form.addEventListener("change", function (event) {
        if (event.target.type !== "file") {
            later();
        }
    });
    // "Send" or "Save draft" while an autosave is under way: the page would post the
    // revision it had before that save, and be refused as saved elsewhere (by this very
    // tab). Wait for the save to finish (it updates the revision), then send the form with
    // the button that was pressed.
    var waiting = false;
    form.addEventListener("submit", function (event) {
        window.clearTimeout(timer);
        again = false;
        if (saving && inFlight) {
            event.preventDefault();
            if (waiting) {
                return;
            }
            waiting = true;
            var submitter = event.submitter || null;
            var resume = function () {
                stopped = true;
                if (typeof form.requestSubmit === "function") {
                    form.requestSubmit(submitter);
                } else {
                    form.submit();
                }
            };
            inFlight.then(resume, resume);
            return;
        }
        stopped = true;
    });

    // Word counters for long answers with a limit.
    form.querySelectorAll("textarea[data-word-limit]").forEach(function (area) {
        var limit = parseInt(area.dataset.wordLimit, 10);
        var counter = document.createElement("p");
        counter.className = "grants-words";
        counter.id = area.id + "_words";
        area.insertAdjacentElement("afterend", counter);
        var described = area.getAttribute("aria-describedby");
        area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
        function count() {
            var words = (area.value.match(/\S+/g) || []).length;
            var over = words - limit;
            counter.textContent = over > 0
                ? fill(form.dataset.wordsOverText, { count: words, over: over })
                : fill(form.dataset.wordsText, { count: words, limit: limit });
            counter.classList.toggle("grants-words--over", over > 0);
        }
        area.addEventListener("input", count);
        count();
    });

    // The budget table's running total.
    var money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    function amount(text) {
        var cleaned = (text || "").replace(/[\s\u00a0\u202f$]/g, "");
        if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(cleaned)) {
            cleaned = cleaned.replace(/,/g, "");
        } else if (/^\d+,\d{1,2}$/.test(cleaned)) {
            cleaned = cleaned.replace(",", ".");
        }
        var value = parseFloat(cleaned);
        return /^\d+(\.\d{1,2})?$/.test(cleaned) && isFinite(value) ? value : 0;
    }
    form.querySelectorAll("[data-budget]").forEach(function (table) {
        var total = document.createElement("p");
        total.className = "grants-total";
        total.setAttribute("aria-live", "polite");
        table.insertAdjacentElement("afterend", total);
        function add() {
            var sum = 0;
            table.querySelectorAll("[data-budget-amount]").forEach(function (input) {
                sum += amount(input.value);
            });
            total.textContent = fill(form.dataset.totalText, { total: money.format(sum) });
        }
        table.addEventListener("input", add);
        add();
    });
})();

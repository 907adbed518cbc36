// Filters beside a listing (<details data-filters>): always open on wide screens, folded
// behind their "Filters" button on narrow ones, so a phone shows the results first. A list
// someone has just filtered keeps them open, so the choices stay in view. Without
// JavaScript they simply stay open.
(function () {
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    document.querySelectorAll("details[data-filters]").forEach(function (fold) {
        var active = fold.hasAttribute("data-active");
        function fit() {
            fold.open = !narrow.matches || active;
        }
        fit();
        narrow.addEventListener("change", fit);
    });
})();

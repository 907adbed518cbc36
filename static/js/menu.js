// The header's menu (templates/components/header.html): always open on wide screens, folded
// behind its "Menu" button on narrow ones. Runs as soon as the header is parsed, so a phone
// never paints the open menu first. Without JavaScript the menu simply stays open.
(function () {
    var menu = document.querySelector("[data-site-menu]");
    if (!menu) return;
    var narrow = window.matchMedia("(max-width: 47.99rem)");
    function fit() {
        menu.open = !narrow.matches;
    }
    fit();
    narrow.addEventListener("change", fit);
})();

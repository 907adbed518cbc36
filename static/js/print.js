// Buttons marked data-print open the browser's print dialogue (no inline script needed).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

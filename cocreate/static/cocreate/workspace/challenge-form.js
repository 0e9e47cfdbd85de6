// The challenge form: the address follows the title as it is typed, until someone types an
// address of their own (the server makes the same one from the title when it is left empty).

const title = document.getElementById("id_title");
const slug = document.getElementById("id_slug");
if (title && slug && !slug.value) {
  let edited = false;
  slug.addEventListener("input", () => { edited = true; });
  title.addEventListener("input", () => {
    if (edited) return;
    slug.value = title.value.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\w\s-]/g, "").trim().replace(/[-\s]+/g, "-").slice(0, 50).replace(/^-+|-+$/g, "");
  });
}

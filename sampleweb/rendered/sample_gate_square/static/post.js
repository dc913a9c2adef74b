// Gate Square (sample): the post is not in the page; it is fetched and written by this script.
(async () => {
  const id = location.pathname.split("/").pop();
  const post = await (await fetch(`/api/post/${id}.json`)).json();
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  document.documentElement.lang = post.lang;
  document.title = `${post.title} | Gate Square`;
  const meta = (property, content) => {
    const m = document.createElement("meta");
    m.setAttribute("property", property);
    m.setAttribute("content", content);
    document.head.appendChild(m);
  };
  meta("og:type", "article");
  meta("og:title", post.title);
  meta("article:published_time", post.published);
  meta("article:author", post.author);
  const canonical = document.createElement("link");
  canonical.rel = "canonical";
  canonical.href = location.href;
  document.head.appendChild(canonical);
  const body = `<h1 class="post-title">${esc(post.title)}</h1>` +
    post.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("");
  document.getElementById("__next").innerHTML =
    `<main class="post-page"><article class="post-detail">` +
    `<div class="post-author"><a class="author-name">${esc(post.author)}</a> ` +
    `<time datetime="${post.published}">${post.published.slice(0, 10)}</time></div>` +
    `<div class="post-content">${body}</div>` +
    (post.original ? `<a class="view-original" href="${esc(post.original)}">${esc(post.view_original)}</a>` : "") +
    `<div class="post-disclaimer"><p>${esc(post.disclaimer)}</p></div>` +
    (post.pasted_twice ? `<div class="post-content post-content--expanded">${body}</div>` : "") +
    `<div class="post-actions"><span>Like 12</span> <span>Share</span></div>` +
    `</article></main>`;
})();

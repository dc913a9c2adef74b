// Binance Square (sample): listing and posts are written here; the JSON-LD only exists after it.
(async () => {
  const app = document.getElementById("__APP");
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const match = location.pathname.match(/\/square\/post\/(?:[a-z0-9-]*-)?(\d{6,})$/);
  if (!match) {
    const list = await (await fetch("/bapi/post/list.json")).json();
    app.innerHTML = `<main><h1>Binance Square</h1><ul>` + list.posts.map(
      (p) => `<li><a href="/en/square/post/${p.id}">${esc(p.title)}</a></li>`).join("") + `</ul></main>`;
    return;
  }
  const post = await (await fetch(`/bapi/post/${match[1]}.json`)).json();
  document.documentElement.lang = post.lang;
  document.title = `${post.title} | Binance Square`;
  const ld = {
    "@context": "https://schema.org",
    "@type": "SocialMediaPosting",
    "headline": post.title,
    "datePublished": post.published,
    "inLanguage": post.lang,
    "author": {"@type": "Person", "name": post.author},
    "url": location.href,
    "articleBody": post.paragraphs.join("\n\n"),
    "sharedContent": {"@type": "WebPage", "url": post.quoted}
  };
  app.innerHTML = `<main class="square-post"><article class="feed-content">` +
    `<div class="author">${esc(post.author)} · <time datetime="${post.published}">${post.published.slice(0, 10)}</time></div>` +
    `<h1>${esc(post.title)}</h1>` +
    `<div class="richtext">` + post.paragraphs.map((p) => `<p>${esc(p)}</p>`).join("") + `</div>` +
    `<div class="quoted-post"><a href="${esc(post.quoted)}">${esc(post.quoted)}</a></div>` +
    `<div class="post-disclaimer">${esc(post.disclaimer)}</div>` +
    `</article></main>`;
  const script = document.createElement("script");
  script.type = "application/ld+json";
  script.textContent = JSON.stringify(ld);
  document.head.appendChild(script);
})();

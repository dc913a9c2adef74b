"""The only place the schema changes: sqlite-utils migrations, applied in order on open."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("claimwatch")


@migrations()
def m001_core(db: Database) -> None:
    """Sources, articles (with full-text search), HTTP validators and the crawl log."""
    db.executescript(
        """
        CREATE TABLE sources (
            slug TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
            domains TEXT, languages TEXT, feeds TEXT, sitemaps TEXT, listings TEXT,
            article_url TEXT, schedule TEXT, interval INTEGER, notes TEXT
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL REFERENCES sources(slug),
            site_name TEXT, title TEXT, author TEXT,
            published_at TEXT, fetched_at TEXT NOT NULL, updated_at TEXT,
            language TEXT, text TEXT,
            content_hash TEXT, html_hash TEXT,
            original_url TEXT, is_repost INTEGER NOT NULL DEFAULT 0,
            flags TEXT, discovered_via TEXT,
            raw_html BLOB
        );
        CREATE INDEX idx_articles_url ON articles(url);
        CREATE INDEX idx_articles_source ON articles(source);
        CREATE INDEX idx_articles_published ON articles(published_at);
        CREATE TABLE http_validators (
            url TEXT PRIMARY KEY, source TEXT, etag TEXT, last_modified TEXT,
            body_hash TEXT, status INTEGER, checked_at TEXT
        );
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL, trigger TEXT NOT NULL DEFAULT 'manual',
            started_at TEXT NOT NULL, finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            pages_fetched INTEGER DEFAULT 0, articles_new INTEGER DEFAULT 0,
            articles_updated INTEGER DEFAULT 0, not_modified INTEGER DEFAULT 0,
            errors INTEGER DEFAULT 0, duration_s REAL, pid INTEGER, stats TEXT
        );
        CREATE INDEX idx_runs_source ON crawl_runs(source, started_at);
        CREATE TABLE crawl_errors (
            id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES crawl_runs(id),
            source TEXT, url TEXT, kind TEXT, message TEXT, at TEXT
        );
        """
    )
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")


@migrations()
def m002_claims(db: Database) -> None:
    """Claims, their mentions, copy groups and the views users query."""
    db.executescript(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            claim_key TEXT NOT NULL UNIQUE,
            offerer TEXT, recipient TEXT,
            first_seen_at TEXT, first_seen_basis TEXT,
            first_article_id INTEGER REFERENCES articles(id),
            mentions INTEGER DEFAULT 0, sources INTEGER DEFAULT 0,
            independent_sources INTEGER DEFAULT 0, denials INTEGER DEFAULT 0,
            amounts TEXT
        );
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            claim_id INTEGER NOT NULL REFERENCES claims(id),
            article_id INTEGER NOT NULL REFERENCES articles(id),
            source TEXT NOT NULL,
            quote TEXT, quote_start INTEGER, quote_end INTEGER,
            amount_usd REAL, amount_text TEXT, currency TEXT, amount_period TEXT,
            outcome TEXT, stance TEXT, attribution TEXT, language TEXT,
            published_at TEXT, fetched_at TEXT,
            UNIQUE (article_id, claim_id, quote_start)
        );
        CREATE INDEX idx_mentions_claim ON mentions(claim_id);
        CREATE INDEX idx_mentions_article ON mentions(article_id);
        CREATE TABLE article_copies (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            group_id INTEGER NOT NULL REFERENCES articles(id),
            reason TEXT, other_id INTEGER
        );
        CREATE INDEX idx_copies_group ON article_copies(group_id);
        CREATE TABLE article_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            signature BLOB
        );
        CREATE VIEW repeated_claims AS
            SELECT id, claim_key, offerer, recipient, first_seen_at, first_seen_basis,
                   first_article_id, mentions, sources, independent_sources, denials, amounts
            FROM claims WHERE sources >= 2
            ORDER BY independent_sources DESC, sources DESC;
        CREATE VIEW figure_drift AS
            SELECT c.id, c.claim_key, c.offerer, c.recipient, c.amounts,
                   COUNT(DISTINCT m.amount_usd) AS distinct_amounts,
                   MIN(m.amount_usd) AS min_usd, MAX(m.amount_usd) AS max_usd
            FROM claims c JOIN mentions m ON m.claim_id = c.id
            WHERE m.amount_usd IS NOT NULL AND m.stance != 'denied'
            GROUP BY c.id HAVING COUNT(DISTINCT m.amount_usd) > 1;
        """
    )
    db["mentions"].enable_fts(["quote"], create_triggers=True, tokenize="unicode61")


@migrations()
def m003_alerts(db: Database) -> None:
    """Alerts, their delivery state per notifier, and the scheduler's persistent jobs."""
    db.executescript(
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            claim_id INTEGER REFERENCES claims(id),
            claim_key TEXT,
            created_at TEXT NOT NULL,
            summary TEXT NOT NULL,
            payload TEXT
        );
        CREATE INDEX idx_alerts_claim ON alerts(claim_id);
        CREATE TABLE alert_deliveries (
            alert_id INTEGER NOT NULL REFERENCES alerts(id),
            notifier TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT,
            delivered_at TEXT,
            last_error TEXT,
            PRIMARY KEY (alert_id, notifier)
        );
        CREATE INDEX idx_deliveries_due ON alert_deliveries(status, next_attempt_at);
        CREATE TABLE scheduler_jobs (
            id TEXT PRIMARY KEY,
            next_run_time REAL,
            job_state BLOB NOT NULL
        );
        CREATE INDEX idx_scheduler_jobs_next ON scheduler_jobs(next_run_time);
        """
    )


@migrations()
def m004_run_process_start(db: Database) -> None:
    """Remember when a run's process started, so a reused pid is not taken for a live run."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN pid_start TEXT")


@migrations()
def m005_claim_context(db: Database) -> None:
    """Which parties of a mention came from context, and when an article was last read with
    the claim log as context (see db.context)."""
    db.execute("ALTER TABLE mentions ADD COLUMN inferred TEXT")
    db.execute(
        "CREATE TABLE article_context (article_id INTEGER PRIMARY KEY REFERENCES articles(id), "
        "log_size INTEGER NOT NULL)"
    )


@migrations()
def m006_rollup_state(db: Database) -> None:
    """Whether articles changed since the last claims roll-up (a crawl that stored nothing
    skips it). Pending at first: a database from before this flag is rolled up once."""
    db.execute(
        "CREATE TABLE rollup_state (id INTEGER PRIMARY KEY CHECK (id = 1), "
        "pending INTEGER NOT NULL)"
    )
    db.execute("INSERT INTO rollup_state (id, pending) VALUES (1, 1)")


@migrations()
def m007_claim_kind(db: Database) -> None:
    """The kind of deal a claim is about (job_offer, acquisition, retention, aggregate).

    Kept on the claim, not on its mentions: the kind is part of the claim key, so every
    mention of a claim shares it. Claims stored before it was in the key are read from their
    key's event suffix (a counter-offer is a retention offer); the rest were job offers. The
    repeated_claims view shows it.
    """
    db.execute("ALTER TABLE claims ADD COLUMN kind TEXT NOT NULL DEFAULT 'job_offer'")
    for kind, pattern in (
        ("acquisition", "%:acquisition%"),
        ("retention", "%:retention%"),
        ("retention", "%:counter%"),
        ("aggregate", "%:aggregate%"),
    ):
        db.execute("UPDATE claims SET kind = ? WHERE claim_key LIKE ?", [kind, pattern])
    db.executescript(
        """
        DROP VIEW IF EXISTS repeated_claims;
        CREATE VIEW repeated_claims AS
            SELECT id, claim_key, kind, offerer, recipient, first_seen_at, first_seen_basis,
                   first_article_id, mentions, sources, independent_sources, denials, amounts
            FROM claims WHERE sources >= 2
            ORDER BY independent_sources DESC, sources DESC;
        """
    )


@migrations()
def m008_mention_parties(db: Database) -> None:
    """Each mention's offerer and recipient as its sentence names them.

    A claim no list names (an unlisted researcher, "top AI talent") was named by its first
    mention, whatever its language; the roll-up now names it the way most mentions do. Rows
    stored before stay NULL until `claimwatch reanalyze`.
    """
    db.execute("ALTER TABLE mentions ADD COLUMN offerer TEXT")
    db.execute("ALTER TABLE mentions ADD COLUMN recipient TEXT")


@migrations()
def m009_source_checks(db: Database) -> None:
    """The health log of `claimwatch sources check`: one row per source and check."""
    db.executescript(
        """
        CREATE TABLE source_checks (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            trigger TEXT NOT NULL DEFAULT 'manual',
            checked_at TEXT NOT NULL,
            verdict TEXT NOT NULL,
            documents TEXT
        );
        CREATE INDEX idx_source_checks_source ON source_checks(source, id);
        """
    )


@migrations()
def m010_copy_index(db: Database) -> None:
    """The persistent copy index and the queues of what changed since the last roll-up.

        The roll-up used to regroup every article after every crawl; now it looks changed articles
        up in copy_keys (LSH bands, excerpt fingerprints, URL keys) and recomputes only the claims
        they touch (db.lsh). Triggers queue every change, whoever makes it (a crawl rewrites an
    article's signature blob even when its text is unchanged). index_built is 0 on an
        upgraded database, so its first roll-up builds the index once.
    """
    db.executescript(
        """
        CREATE TABLE copy_keys (
            kind INTEGER NOT NULL, key NOT NULL, article_id INTEGER NOT NULL,
            PRIMARY KEY (kind, key, article_id)
        ) WITHOUT ROWID;
        CREATE TABLE copy_index (
            article_id INTEGER PRIMARY KEY, bands BLOB, prints BLOB, urls TEXT
        );
        CREATE TABLE rollup_dirty_articles (
            seq INTEGER PRIMARY KEY, article_id INTEGER NOT NULL
        );
        CREATE TABLE rollup_dirty_claims (
            seq INTEGER PRIMARY KEY, claim_id INTEGER NOT NULL
        );
        ALTER TABLE rollup_state ADD COLUMN index_built INTEGER NOT NULL DEFAULT 0;
        UPDATE rollup_state SET pending = 1;
        CREATE TRIGGER articles_queue_insert AFTER INSERT ON articles BEGIN
            INSERT INTO rollup_dirty_articles (article_id) VALUES (new.id);
        END;
        CREATE TRIGGER articles_queue_delete AFTER DELETE ON articles BEGIN
            INSERT INTO rollup_dirty_articles (article_id) VALUES (old.id);
        END;
        CREATE TRIGGER articles_queue_update
        AFTER UPDATE OF url, canonical_url, original_url, published_at, fetched_at, text
        ON articles
        WHEN old.url IS NOT new.url OR old.canonical_url IS NOT new.canonical_url
            OR old.original_url IS NOT new.original_url
            OR old.published_at IS NOT new.published_at
            OR old.fetched_at IS NOT new.fetched_at OR old.text IS NOT new.text
        BEGIN
            INSERT INTO rollup_dirty_articles (article_id) VALUES (new.id);
        END;
        CREATE TRIGGER signatures_queue_insert AFTER INSERT ON article_signatures BEGIN
            INSERT INTO rollup_dirty_articles (article_id) VALUES (new.article_id);
        END;
        CREATE TRIGGER signatures_queue_update AFTER UPDATE ON article_signatures
        WHEN old.signature IS NOT new.signature BEGIN
            INSERT INTO rollup_dirty_articles (article_id) VALUES (new.article_id);
        END;
        CREATE TRIGGER signatures_queue_delete AFTER DELETE ON article_signatures BEGIN
            INSERT INTO rollup_dirty_articles (article_id) VALUES (old.article_id);
        END;
        CREATE TRIGGER mentions_queue_insert AFTER INSERT ON mentions BEGIN
            INSERT INTO rollup_dirty_claims (claim_id) VALUES (new.claim_id);
        END;
        CREATE TRIGGER mentions_queue_delete AFTER DELETE ON mentions BEGIN
            INSERT INTO rollup_dirty_claims (claim_id) VALUES (old.claim_id);
        END;
        CREATE TRIGGER mentions_queue_update AFTER UPDATE ON mentions BEGIN
            INSERT INTO rollup_dirty_claims (claim_id) VALUES (old.claim_id);
            INSERT INTO rollup_dirty_claims (claim_id) VALUES (new.claim_id);
        END;
        """
    )


@migrations()
def m011_relay_ledger(db: Database) -> None:
    """Cluster mode: each record the writer applied (so a redelivery is applied once) and the
    crawl_runs row of each run a worker reported."""
    db.executescript(
        """
        CREATE TABLE relay_runs (
            run TEXT PRIMARY KEY, job TEXT NOT NULL,
            run_id INTEGER NOT NULL REFERENCES crawl_runs(id),
            ended INTEGER NOT NULL DEFAULT 0, reported INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX idx_relay_runs_job ON relay_runs(job);
        CREATE TABLE relay_records (
            key TEXT PRIMARY KEY, run_id INTEGER, outcome TEXT, applied_at TEXT NOT NULL
        );
        CREATE INDEX idx_relay_records_run ON relay_records(run_id, outcome);
        """
    )


@migrations()
def m012_claim_log_tallies(db: Database) -> None:
    """The claim log's tallies per claim and figure (claims.context.logtally), so a roll-up
    reads the log's memory from them instead of every mention, and the log's order as an index
    for the memory's window of recent claims. Every claim is queued: the first roll-up after
    the upgrade counts them once."""
    db.executescript(
        """
        CREATE TABLE claim_log (
            claim_id INTEGER NOT NULL, amount_usd REAL,
            stated INTEGER NOT NULL, learned INTEGER NOT NULL,
            first_at TEXT, first_id INTEGER
        );
        CREATE INDEX idx_claim_log_claim ON claim_log(claim_id);
        CREATE INDEX idx_mentions_log ON mentions(COALESCE(published_at, fetched_at), id);
        INSERT INTO rollup_dirty_claims (claim_id) SELECT id FROM claims;
        UPDATE rollup_state SET pending = 1;
        """
    )


@migrations()
def m013_query_tables(db: Database) -> None:
    """What the canned queries need at a million articles (benchmarks/scale.py --db-sizes).

    Figure drift and the sources that repeat without being first read per-claim rows the
    roll-up keeps (db.summaries) instead of grouping every mention at each view; repeated
    claims and first appearances read the claims in an index's order, so Datasette stops at
    its page; the last error of a source is an index look-up. Every claim is queued: the
    first roll-up after the upgrade fills the tables once.
    """
    db.executescript(
        """
        CREATE TABLE claim_figures (
            claim_id INTEGER NOT NULL, amount_usd REAL NOT NULL, printed_as TEXT,
            mentions INTEGER NOT NULL, sources INTEGER NOT NULL, source_list TEXT,
            first_at TEXT, distinct_amounts INTEGER NOT NULL
        );
        CREATE INDEX idx_claim_figures_claim ON claim_figures(claim_id);
        CREATE INDEX idx_claim_figures_drift
            ON claim_figures(distinct_amounts DESC, claim_id, first_at)
            WHERE distinct_amounts > 1;
        CREATE TABLE claim_sources (
            claim_id INTEGER NOT NULL, source TEXT NOT NULL, language TEXT,
            claims INTEGER NOT NULL, repeated INTEGER NOT NULL, first INTEGER NOT NULL,
            mentions INTEGER NOT NULL, copied INTEGER NOT NULL, denials INTEGER NOT NULL
        );
        CREATE INDEX idx_claim_sources_claim ON claim_sources(claim_id);
        CREATE TABLE source_totals (
            source TEXT PRIMARY KEY, claims_repeated INTEGER NOT NULL,
            claims_first INTEGER NOT NULL, mentions INTEGER NOT NULL,
            copied_mentions INTEGER NOT NULL, denials INTEGER NOT NULL
        );
        CREATE INDEX idx_source_totals_rank
            ON source_totals(claims_repeated DESC, claims_first, copied_mentions DESC, source)
            WHERE claims_repeated > 0;
        CREATE TABLE source_languages (
            source TEXT NOT NULL, language TEXT NOT NULL, mentions INTEGER NOT NULL,
            PRIMARY KEY (source, language)
        ) WITHOUT ROWID;
        CREATE INDEX idx_claims_repeated
            ON claims(independent_sources DESC, sources DESC, first_seen_at, id)
            WHERE sources >= 2;
        CREATE INDEX idx_claims_first_seen ON claims(first_seen_at DESC, id) WHERE mentions > 0;
        CREATE INDEX idx_crawl_errors_source ON crawl_errors(source, id);
        INSERT INTO rollup_dirty_claims (claim_id) SELECT id FROM claims;
        UPDATE rollup_state SET pending = 1;
        """
    )


@migrations()
def m014_recent_copy_keys(db: Database) -> None:
    """New articles' keys in a small table of their own (db.lsh): inserted among the 17 million
    rows of copy_keys at 200,000 articles, a thousand articles' keys dirtied most of its pages
    (a few hundred megabytes through the WAL per roll-up); copy_keys_recent is merged into
    copy_keys in one ordered pass once it is large."""
    db.executescript(
        """
        CREATE TABLE copy_keys_recent (
            kind INTEGER NOT NULL, key NOT NULL, article_id INTEGER NOT NULL,
            PRIMARY KEY (kind, key, article_id)
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m015_articles_fts_by_batch(db: Database) -> None:
    """The full-text index of new articles built once a batch by the cluster writer
    (db.bulk): while the writer's savepoint holds the one row of articles_fts_deferred, the
    insert trigger leaves the index alone, and the same savepoint indexes the batch with one
    INSERT ... SELECT and deletes the row. The row is never committed, so every other insert
    (a local crawl's, any tool's) is indexed by the trigger as before."""
    db.executescript(
        """
        CREATE TABLE articles_fts_deferred (id INTEGER PRIMARY KEY CHECK (id = 1));
        DROP TRIGGER articles_ai;
        CREATE TRIGGER articles_ai AFTER INSERT ON articles
        WHEN NOT EXISTS (SELECT 1 FROM articles_fts_deferred) BEGIN
          INSERT INTO "articles_fts" (rowid, "title", "text")
          VALUES (new.rowid, new."title", new."text");
        END;
        """
    )

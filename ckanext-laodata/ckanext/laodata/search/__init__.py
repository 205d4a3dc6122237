"""Embedded PostgreSQL search backend behind CKAN's search seam (DESIGN §7).

One job per module, in dependency order (a module imports only modules
listed before it; ``sql`` and ``analysis`` import no sibling)::

    sql, analysis ← fields ← predicates, datemath ← lucene ← plan ← execute ← store ← connection ← seam

* ``sql``: SQL building blocks: ``Sql`` fragments with bound parameters,
  Lucene's boolean combination of them, escaping, ``QueryError``, the schema;
* ``analysis``: text analysis shared by indexing and querying (folding, Lao
  segmentation, stemming);
* ``fields``: CKAN's Solr field types, and an index document split into the
  table's columns;
* ``predicates``: one term, phrase, wildcard, fuzzy or proximity clause on one
  field → a SQL predicate;
* ``datemath``: Solr date math (``NOW-1DAY/DAY``);
* ``lucene``: the Lucene → SQL translation (luqum's tree walked with Lucene's
  boolean semantics, ranges) and dismax → SQL;
* ``plan``: Solr parameters (``q``, ``fq``, ``sort``, ``rows``, ``fl``,
  ``facet.*``…) → a ``QueryPlan``;
* ``execute``: a plan's count, facet counts and page, one statement each;
* ``store``: the table, a connection per process, the writes, and running a
  plan on one connection;
* ``connection``: the pysolr-shaped facade CKAN calls (add, delete, commit,
  search → ``pysolr.Results``), with the per-process result cache;
* ``seam``: the only module that imports ``ckan.lib.search``: installs the
  backend into CKAN and hands CKAN's pieces to the facade.

``translations`` (a dataset's translated titles indexed as extras) is an
indexing hook of the plugin and imports nothing here.
"""

from __future__ import annotations

namespace Platform.Search.Elasticsearch;

/// <summary>
/// The scripts of scripted updates. They are constants: every value (a price, a name, a version) travels in
/// <c>params</c>, never in the source. Each script turns an update that would change nothing into <c>noop</c>, which is
/// how a caller learns that a repeated or late write was ignored.
/// </summary>
public static class PainlessScripts
{
    public const string Language = "painless";

    /// <summary>
    /// Folds signals into a product: a price newer than the product's price version (not on a tombstone), a stock level
    /// later than the one held, a larger units-sold count, a category name of a newer category version. Absent params
    /// are skipped.
    /// </summary>
    public const string ApplySignals = """
        def s = ctx._source;
        boolean changed = false;
        if (params.price_version != null && s.deleted != true && (s.price_version == null || s.price_version < params.price_version)) {
          s.price_cents = params.price_cents; s.currency = params.currency; s.price_version = params.price_version; changed = true;
        }
        if (params.stock_as_of_us != null && (s.stock_as_of_us == null || s.stock_as_of_us < params.stock_as_of_us)) {
          s.available = params.available; s.stock_as_of_us = params.stock_as_of_us; changed = true;
        }
        if (params.popularity != null && (s.popularity == null || s.popularity < params.popularity)) {
          s.popularity = params.popularity; changed = true;
        }
        if (params.category_version != null && s.category_id == params.category_id
            && (s.category_version == null || s.category_version < params.category_version)) {
          s.category_version = params.category_version;
          s.category = params.category_name != null ? params.category_name : s.product_category;
          changed = true;
        }
        if (!changed) { ctx.op = 'noop'; }
        """;

    /// <summary>Adds an order's units to a product's counter once per event id (the ids of the last <c>params.keep</c> orders are kept).</summary>
    public const string CountSale = """
        if (ctx._source.events == null) { ctx._source.events = []; }
        if (ctx._source.units == null) { ctx._source.units = 0L; }
        if (ctx._source.events.contains(params.event_id)) {
          ctx.op = 'noop';
        } else {
          ctx._source.units += params.units;
          ctx._source.events.add(params.event_id);
          while (ctx._source.events.size() > params.keep) { ctx._source.events.remove(0); }
        }
        """;

    /// <summary>Marks a document a rebuild copied from the live index (see <see cref="ElasticsearchIndexRebuild"/>).</summary>
    public const string MarkRebuildCopy = "ctx._source.rebuild_copy = params.build_id;";

    /// <summary>Retires a product Catalog no longer lists: it stays as a tombstone.</summary>
    public const string Retire = "if (ctx._source.deleted == true) { ctx.op = 'noop'; } else { ctx._source.deleted = true; }";
}

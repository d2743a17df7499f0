namespace Platform.Catalog.Products;

/// <summary>One page of products and how many match the query in all (also when the page is past the last).</summary>
public sealed record ProductPage(IReadOnlyList<Product> Items, long Total);

using Platform.Admin.Accounts;

namespace Platform.Admin.Tests;

public sealed class CnpjTests
{
    [Theory]
    [InlineData("11.222.333/0001-81", "11222333000181")]
    [InlineData("11222333000181", "11222333000181")]
    [InlineData("12.ABC.345/01DE-35", "12ABC34501DE35")]
    [InlineData("12abc34501de35", "12ABC34501DE35")]
    public void Valid_numbers_are_accepted_and_normalised(string input, string normalised)
    {
        Assert.True(Cnpj.TryParse(input, out var cnpj));
        Assert.Equal(normalised, cnpj.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("11.222.333/0001-82")]
    [InlineData("11.222.333/0001-18")]
    [InlineData("12.ABC.345/01DE-36")]
    [InlineData("00000000000000")]
    [InlineData("11111111111111")]
    [InlineData("1122233300018")]
    [InlineData("112223330001811")]
    [InlineData("12ABC34501DEA5")]
    [InlineData("11.222.333/0001-8!")]
    public void Invalid_numbers_are_refused(string? input)
    {
        Assert.False(Cnpj.TryParse(input, out _));
    }

    [Fact]
    public void Check_digits_match_the_official_alphanumeric_example()
    {
        Assert.Equal("35", Cnpj.CheckDigitsFor("12ABC34501DE"));
        Assert.True(Cnpj.TryParse("12ABC34501DE35", out var cnpj));
        Assert.Equal("12.ABC.345/01DE-35", cnpj.Formatted);
    }
}

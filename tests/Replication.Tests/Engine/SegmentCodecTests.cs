using System.IO.Compression;
using System.Security.Cryptography;
using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class SegmentCodecTests
{
    private static readonly byte[] Content = CreateContent(SegmentCodec.ChunkSize * 2 + 12_345);

    [Fact]
    public async Task Content_of_several_chunks_round_trips_whole_and_streamed_into_a_file()
    {
        var stored = SegmentCodec.Encode(Content);

        Assert.Equal(Content, SegmentCodec.Decode(stored, "key"));
        Assert.Equal(Content, await DecodeThroughFileAsync(stored));
        Assert.Empty(SegmentCodec.Decode(SegmentCodec.Encode(Array.Empty<byte>()), "key"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SegmentCodec.ChunkSize)]
    [InlineData(5 * SegmentCodec.ChunkSize + 7)] // more chunks than one batch encodes at once
    public async Task A_file_encodes_to_the_very_bytes_of_its_content_encoded_in_memory(int length)
    {
        var content = new byte[length];
        Random.Shared.NextBytes(content.AsSpan(0, length / 2)); // half random, half zeros: chunks compress unevenly
        var path = Path.Combine(Path.GetTempPath(), $"codec-{Guid.NewGuid():N}.db");
        try
        {
            await File.WriteAllBytesAsync(path, content);
            using var encoded = new MemoryStream();

            var written = await SegmentCodec.EncodeFileAsync(path, encoded, CancellationToken.None);

            Assert.Equal(SegmentCodec.Encode(content), encoded.ToArray());
            Assert.Equal(encoded.Length, written);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_flipped_byte_in_any_chunk_is_refused_whole_and_streamed()
    {
        var stored = SegmentCodec.Encode(Content);
        stored[stored.Length * 2 / 3] ^= 0x40;

        Assert.Throws<RestoreException>(() => SegmentCodec.Decode(stored, "key"));
        await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored));
    }

    [Fact]
    public async Task A_chunk_whose_content_no_longer_matches_its_crc_is_refused()
    {
        var stored = SegmentCodec.Encode(Content);
        var firstChunkEnd = 4 + 8 + BitConverter.ToInt32(stored, 8);
        stored[firstChunkEnd - 8] ^= 0x01; // the first chunk's gzip trailer: its CRC-32

        Assert.Throws<RestoreException>(() => SegmentCodec.Decode(stored, "key"));
        await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored));
    }

    [Fact]
    public async Task An_object_cut_short_is_refused_even_on_a_chunk_boundary()
    {
        var stored = SegmentCodec.Encode(Content);
        var withoutEndMarker = stored[..^8];
        var halfway = stored[..(stored.Length / 2)];

        foreach (var cut in new[] { withoutEndMarker, halfway })
        {
            var damaged = Assert.Throws<RestoreException>(() => SegmentCodec.Decode(cut, "key"));
            Assert.Contains("stops before its end", damaged.Message);
            await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(cut));
        }
    }

    [Fact]
    public async Task Objects_of_the_first_format_are_still_read()
    {
        using var stored = new MemoryStream();
        stored.Write("RPL1"u8);
        stored.Write(SHA256.HashData(Content));
        using (var gzip = new GZipStream(stored, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Content);
        }

        Assert.Equal(Content, SegmentCodec.Decode(stored.ToArray(), "key"));
        Assert.Equal(Content, await DecodeThroughFileAsync(stored.ToArray()));
    }

    private static async Task<byte[]> DecodeThroughFileAsync(byte[] stored)
    {
        var path = Path.Combine(Path.GetTempPath(), $"codec-{Guid.NewGuid():N}");
        try
        {
            using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                await SegmentCodec.DecodeToFileAsync(new MemoryStream(stored), "key", file, CancellationToken.None);
            }

            return await File.ReadAllBytesAsync(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Half random, half repeated text: compressible like a database page, and no two chunks alike.</summary>
    private static byte[] CreateContent(int length)
    {
        var content = new byte[length];
        Random.Shared.NextBytes(content);
        var text = "caneca azul de cerâmica 350 ml"u8;
        for (var at = 0; at + text.Length <= length; at += 64)
        {
            text.CopyTo(content.AsSpan(at));
        }

        return content;
    }
}

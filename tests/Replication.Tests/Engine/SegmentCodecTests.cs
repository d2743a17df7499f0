using System.IO.Compression;
using System.Security.Cryptography;
using Platform.Replication.Engine;

namespace Platform.Replication.Tests.Engine;

public sealed class SegmentCodecTests
{
    private const int HeaderSize = 4 + 4 + 8; // an RPL3 chunk header: length, stored length, XxHash3
    private const int LengthAt = 4; // the first chunk's header follows the magic
    private const int StoredLengthAt = LengthAt + 4;
    private const int ChecksumAt = StoredLengthAt + 4;
    private const int FirstBlockAt = LengthAt + HeaderSize;

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
    public async Task A_chunk_claiming_more_content_than_LZ4_could_expand_its_bytes_to_is_refused_before_it_is_decoded()
    {
        var forged = new byte[4 + 16 + 1 + 16];
        "RPL3"u8.CopyTo(forged);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(forged.AsSpan(4), SegmentCodec.ChunkSize);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(forged.AsSpan(8), 1); // 4 MiB from one stored byte

        var whole = Assert.Throws<RestoreException>(() => SegmentCodec.Decode(forged, "key"));
        var streamed = await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(forged));

        Assert.Contains("header is not valid", whole.Message, StringComparison.Ordinal);
        Assert.Contains("header is not valid", streamed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_byte_in_any_chunk_is_refused_whole_and_streamed()
    {
        var stored = SegmentCodec.Encode(Content);
        stored[stored.Length * 2 / 3] ^= 0x40;

        Assert.Throws<RestoreException>(() => SegmentCodec.Decode(stored, "key"));
        await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored));
    }

    /// <summary>
    /// An LZ4 match offset changed by a flipped bit may point at equal bytes (the content repeats its text every 64 bytes),
    /// and the object then still decodes to its very content; a flip may never yield other content.
    /// </summary>
    [Fact]
    public async Task A_flipped_byte_anywhere_is_refused_or_changes_nothing()
    {
        var original = SegmentCodec.Encode(Content);
        var refused = 0;
        for (var position = 0; position < 64; position++)
        {
            var stored = (byte[])original.Clone();
            stored[4 + (long)position * (stored.Length - 4) / 64] ^= 0x40;
            try
            {
                Assert.Equal(Content, SegmentCodec.Decode(stored, "key"));
                if (position % 8 == 0)
                {
                    Assert.Equal(Content, await DecodeThroughFileAsync(stored));
                }
            }
            catch (RestoreException)
            {
                refused++;
                if (position % 8 == 0)
                {
                    await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored));
                }
            }
        }

        Assert.True(refused > 48, $"only {refused} of 64 flipped bytes refused");
    }

    [Theory]
    [InlineData(false, ChecksumAt)]
    [InlineData(false, FirstBlockAt + 1000)] // inside the LZ4 block
    [InlineData(true, ChecksumAt + 7)]
    [InlineData(true, FirstBlockAt + 1000)] // inside content stored as it is
    public async Task A_flipped_byte_in_a_chunk_content_or_checksum_is_refused_whole_and_streamed(bool incompressible, int at)
    {
        var stored = SegmentCodec.Encode(incompressible ? RandomBytes(100_000) : CreateContent(100_000));
        stored[at] ^= 0x01;

        Assert.Throws<RestoreException>(() => SegmentCodec.Decode(stored, "key"));
        await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored));
    }

    [Fact]
    public async Task An_incompressible_chunk_is_stored_as_it_is_and_round_trips()
    {
        var content = RandomBytes(SegmentCodec.ChunkSize + 100);

        var stored = SegmentCodec.Encode(content);

        Assert.Equal(SegmentCodec.ChunkSize, BitConverter.ToInt32(stored, StoredLengthAt)); // stored length == length: raw
        Assert.Equal(4 + HeaderSize + SegmentCodec.ChunkSize + HeaderSize + 100 + HeaderSize, stored.Length);
        Assert.Equal(content, SegmentCodec.Decode(stored, "key"));
        Assert.Equal(content, await DecodeThroughFileAsync(stored));
        Assert.True(BitConverter.ToInt32(SegmentCodec.Encode(Content), StoredLengthAt) < SegmentCodec.ChunkSize); // compressible: LZ4
    }

    [Theory]
    [InlineData(0, +1, "does not decode to its length")] // a byte after the LZ4 block
    [InlineData(0, -1, "does not decode to its length")] // the block's last byte missing
    [InlineData(+1, 0, "does not decode to its length")]
    [InlineData(-1, 0, "does not decode to its length")]
    [InlineData(-90_000, 0, "a chunk header is not valid")] // stored length above length
    public async Task A_chunk_whose_stored_length_is_not_what_lz4_decodes_is_refused(int lengthChange, int blockLengthChange, string why)
    {
        var original = SegmentCodec.Encode(CreateContent(100_000));
        var length = BitConverter.ToInt32(original, LengthAt);
        var block = original.AsSpan(FirstBlockAt, BitConverter.ToInt32(original, StoredLengthAt)).ToArray();
        Assert.True(block.Length < length - 10_000);
        Array.Resize(ref block, block.Length + blockLengthChange);

        using var stored = new MemoryStream();
        stored.Write("RPL3"u8);
        stored.Write(BitConverter.GetBytes(length + lengthChange));
        stored.Write(BitConverter.GetBytes(block.Length));
        stored.Write(original.AsSpan(ChecksumAt, 8));
        stored.Write(block);
        stored.Write(new byte[HeaderSize]);

        var damaged = Assert.Throws<RestoreException>(() => SegmentCodec.Decode(stored.ToArray(), "key"));
        Assert.Contains(why, damaged.Message);
        await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored.ToArray()));
    }

    [Fact]
    public async Task An_object_cut_short_is_refused_even_on_a_chunk_boundary()
    {
        var stored = SegmentCodec.Encode(Content);
        var withoutEndMarker = stored[..^HeaderSize];
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

    [Fact]
    public async Task Objects_of_the_second_format_are_still_read_whole_and_streamed()
    {
        var stored = EncodeSecondFormat(Content);

        Assert.Equal(Content, SegmentCodec.Decode(stored, "key"));
        Assert.Equal(Content, await DecodeThroughFileAsync(stored));
    }

    [Fact]
    public async Task A_second_format_chunk_whose_content_no_longer_matches_its_crc_is_refused()
    {
        var stored = EncodeSecondFormat(Content);
        var firstChunkEnd = 4 + 8 + BitConverter.ToInt32(stored, 8);
        stored[firstChunkEnd - 8] ^= 0x01; // the first chunk's gzip trailer: its CRC-32

        Assert.Throws<RestoreException>(() => SegmentCodec.Decode(stored, "key"));
        await Assert.ThrowsAsync<RestoreException>(() => DecodeThroughFileAsync(stored));
    }

    /// <summary>The <c>RPL2</c> layout: chunks of [length][stored length][gzip member], then an all-zero 8-byte header.</summary>
    private static byte[] EncodeSecondFormat(byte[] content)
    {
        using var stored = new MemoryStream();
        stored.Write("RPL2"u8);
        for (var start = 0; start < content.Length; start += SegmentCodec.ChunkSize)
        {
            var part = content.AsSpan(start, Math.Min(SegmentCodec.ChunkSize, content.Length - start));
            using var member = new MemoryStream();
            using (var gzip = new GZipStream(member, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(part);
            }

            stored.Write(BitConverter.GetBytes(part.Length));
            stored.Write(BitConverter.GetBytes((int)member.Length));
            stored.Write(member.ToArray());
        }

        stored.Write(new byte[8]);
        return stored.ToArray();
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

    /// <summary>
    /// Half random, half repeated text: compressible like a database page, and no two chunks alike. Seeded, so that a byte
    /// flipped at a given place in its encoding has the same effect on every run.
    /// </summary>
    private static byte[] CreateContent(int length)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        var text = "caneca azul de cerâmica 350 ml"u8;
        for (var at = 0; at + text.Length <= length; at += 64)
        {
            text.CopyTo(content.AsSpan(at));
        }

        return content;
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}

using System.Numerics;
using System.Text;

namespace Notifier.Web.Infrastructure.Pdf;

// A small QR code encoder (ISO/IEC 18004) for what a letter carries — its code, a few dozen characters at most:
// error correction level M, versions 1 to 6, alphanumeric mode when every character allows it (else bytes, UTF-8),
// the mask chosen by the standard's four penalty rules. QRCoder took 0.17 ms per code, a sixth of the time to render a
// letter; this takes a few microseconds. Text too long for version 6 returns null (the caller falls back to QRCoder).
// Checked by decoding with ZXing in the tests, for random codes of every length up to the capacity of version 6.
public static class QrEncoder
{
    // Level M, versions 1–6: codewords in all, error-correction codewords per block, blocks (all blocks the same size).
    private static readonly (int Total, int Ec, int Blocks)[] Versions =
        [default, (26, 10, 1), (44, 16, 1), (70, 26, 1), (100, 18, 2), (134, 24, 2), (172, 16, 4)];

    // Centre of the one alignment pattern of versions 2–6 (on both axes).
    private static readonly int[] Alignment = [0, 0, 18, 22, 26, 30, 34];

    private const string AlphanumericSet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    private static readonly byte[]?[] Generators = new byte[]?[32];
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

    static QrEncoder()
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Log[x] = (byte)i;
            x <<= 1;
            if (x >= 256) x ^= 0x11D;
        }

        for (var i = 255; i < 512; i++) Exp[i] = Exp[i - 255];
    }

    /// <summary>The modules of the symbol, [row, column], true for dark; no quiet zone. Null when the text needs a
    /// version above 6.</summary>
    public static bool[,]? Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var alphanumeric = text.All(c => AlphanumericSet.Contains(c, StringComparison.Ordinal));
        var bytes = alphanumeric ? null : Encoding.UTF8.GetBytes(text);
        var length = alphanumeric ? text.Length : bytes!.Length;
        var dataBits = 4 + (alphanumeric ? 9 : 8) + (alphanumeric ? length / 2 * 11 + length % 2 * 6 : length * 8);
        var version = 1;
        while (version < Versions.Length && DataCodewords(version) * 8 < dataBits) version++;
        if (version == Versions.Length) return null;

        var data = DataCodewordsFor(text, bytes, version);
        var codewords = WithErrorCorrection(data, version);
        return Matrix(codewords, version);
    }

    private static int DataCodewords(int version) => Versions[version].Total - Versions[version].Ec * Versions[version].Blocks;

    private static byte[] DataCodewordsFor(string text, byte[]? bytes, int version)
    {
        var capacity = DataCodewords(version);
        var bits = new BitWriter(capacity);
        if (bytes is null)
        {
            bits.Write(0b0010, 4);
            bits.Write(text.Length, 9);
            for (var i = 0; i + 1 < text.Length; i += 2)
                bits.Write(AlphanumericSet.IndexOf(text[i], StringComparison.Ordinal) * 45 + AlphanumericSet.IndexOf(text[i + 1], StringComparison.Ordinal), 11);
            if (text.Length % 2 == 1) bits.Write(AlphanumericSet.IndexOf(text[^1], StringComparison.Ordinal), 6);
        }
        else
        {
            bits.Write(0b0100, 4);
            bits.Write(bytes.Length, 8);
            foreach (var b in bytes) bits.Write(b, 8);
        }

        bits.Write(0, Math.Min(4, capacity * 8 - bits.Count)); // terminator
        bits.Write(0, (8 - bits.Count % 8) % 8);
        for (var pad = 0; bits.Count < capacity * 8; pad++) bits.Write(pad % 2 == 0 ? 0xEC : 0x11, 8);
        return bits.Bytes;
    }

    private static byte[] WithErrorCorrection(byte[] data, int version)
    {
        var (total, ec, blocks) = Versions[version];
        var perBlock = data.Length / blocks;
        var generator = Generators[ec] ??= Generator(ec); // a benign race: the same array either way
        var ecc = new byte[blocks][];
        for (var b = 0; b < blocks; b++)
        {
            var remainder = new byte[ec];
            for (var i = 0; i < perBlock; i++)
            {
                var factor = (byte)(data[b * perBlock + i] ^ remainder[0]);
                Array.Copy(remainder, 1, remainder, 0, ec - 1);
                remainder[ec - 1] = 0;
                for (var j = 0; j < ec; j++) remainder[j] ^= Multiply(generator[j], factor);
            }

            ecc[b] = remainder;
        }

        // Interleaved: the i-th data codeword of every block in turn, then the i-th error-correction codeword.
        var result = new byte[total];
        var k = 0;
        for (var i = 0; i < perBlock; i++)
            for (var b = 0; b < blocks; b++) result[k++] = data[b * perBlock + i];
        for (var i = 0; i < ec; i++)
            for (var b = 0; b < blocks; b++) result[k++] = ecc[b][i];
        return result;
    }

    // Coefficients of ∏(x − αⁱ), i < degree, highest degree first, the leading 1 left out.
    private static byte[] Generator(int degree)
    {
        var poly = new byte[] { 1 };
        for (var i = 0; i < degree; i++)
        {
            var next = new byte[poly.Length + 1];
            for (var j = 0; j < poly.Length; j++)
            {
                next[j] ^= poly[j];
                next[j + 1] ^= Multiply(poly[j], Exp[i]);
            }

            poly = next;
        }

        return poly[1..];
    }

    private static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    private static bool[,] Matrix(byte[] codewords, int version)
    {
        var size = 17 + 4 * version;
        var dark = new bool[size, size];
        var function = new bool[size, size];

        void Set(int row, int col, bool value)
        {
            dark[row, col] = value;
            function[row, col] = true;
        }

        foreach (var (top, left) in new[] { (0, 0), (0, size - 7), (size - 7, 0) })
        {
            for (var r = -1; r <= 7; r++)
                for (var c = -1; c <= 7; c++)
                {
                    var (row, col) = (top + r, left + c);
                    if (row < 0 || row >= size || col < 0 || col >= size) continue;
                    var d = Math.Max(Math.Abs(r - 3), Math.Abs(c - 3));
                    Set(row, col, d != 2 && d != 4);
                }
        }

        for (var i = 8; i < size - 8; i++)
        {
            Set(6, i, i % 2 == 0);
            Set(i, 6, i % 2 == 0);
        }

        if (version >= 2)
        {
            var centre = Alignment[version];
            for (var r = -2; r <= 2; r++)
                for (var c = -2; c <= 2; c++)
                    Set(centre + r, centre + c, Math.Max(Math.Abs(r), Math.Abs(c)) != 1);
        }

        // Format areas reserved now, written once the mask is chosen; the dark module.
        for (var i = 0; i <= 8; i++)
        {
            function[8, i] = function[i, 8] = true;
        }

        for (var i = 0; i < 8; i++)
        {
            function[8, size - 1 - i] = function[size - 1 - i, 8] = true;
        }

        Set(size - 8, 8, true);

        // Data in two-module columns, right to left, alternately upwards and downwards, skipping the timing column.
        var bit = 0;
        var total = codewords.Length * 8;
        for (var right = size - 1; right >= 1; right -= 2)
        {
            if (right == 6) right = 5;
            var upward = ((right + 1) & 2) == 0;
            for (var vertical = 0; vertical < size; vertical++)
            {
                var row = upward ? size - 1 - vertical : vertical;
                for (var j = 0; j < 2; j++)
                {
                    var col = right - j;
                    if (function[row, col]) continue;
                    dark[row, col] = bit < total && ((codewords[bit >> 3] >> (7 - (bit & 7))) & 1) != 0;
                    bit++;
                }
            }
        }

        // Rows as bit sets (bit j = column j; 41 modules at most): masking, format and scoring are word operations.
        Span<long> rows = stackalloc long[size];
        Span<long> region = stackalloc long[size];
        Span<long> candidate = stackalloc long[size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                if (dark[i, j]) rows[i] |= 1L << j;
                if (!function[i, j]) region[i] |= 1L << j;
            }

        var best = 0;
        var bestScore = int.MaxValue;
        for (var mask = 0; mask < 8; mask++)
        {
            Masked(rows, region, mask, version, candidate);
            var score = Penalty(candidate, size);
            if (score < bestScore)
            {
                (best, bestScore) = (mask, score);
            }
        }

        Masked(rows, region, best, version, candidate);
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                dark[i, j] = ((candidate[i] >> j) & 1) != 0;
        return dark;
    }

    // The data region XOR the mask pattern, then the format information for that mask.
    private static void Masked(ReadOnlySpan<long> rows, ReadOnlySpan<long> region, int mask, int version, Span<long> result)
    {
        var pattern = MaskRows[version][mask];
        for (var i = 0; i < rows.Length; i++) result[i] = rows[i] ^ (pattern[i] & region[i]);
        WriteFormat(result, mask);
    }

    private static readonly long[][][] MaskRows = Enumerable.Range(0, Versions.Length).Select(v => Enumerable.Range(0, 8).Select(mask =>
    {
        var size = 17 + 4 * v;
        var pattern = new long[size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                var flip = mask switch
                {
                    0 => (i + j) % 2 == 0,
                    1 => i % 2 == 0,
                    2 => j % 3 == 0,
                    3 => (i + j) % 3 == 0,
                    4 => (i / 2 + j / 3) % 2 == 0,
                    5 => i * j % 2 + i * j % 3 == 0,
                    6 => (i * j % 2 + i * j % 3) % 2 == 0,
                    _ => ((i + j) % 2 + i * j % 3) % 2 == 0,
                };
                if (flip) pattern[i] |= 1L << j;
            }

        return pattern;
    }).ToArray()).ToArray();

    // Level M (bits 00) and the mask, BCH(15,5)-protected, XOR 101010000010010, in its two copies.
    private static void WriteFormat(Span<long> rows, int mask)
    {
        var size = rows.Length;
        var data = mask;
        var remainder = data;
        for (var i = 0; i < 10; i++) remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        var bits = ((data << 10) | remainder) ^ 0x5412;

        void Set(Span<long> r, int row, int col, int bit)
        {
            if (((bits >> bit) & 1) != 0) r[row] |= 1L << col;
            else r[row] &= ~(1L << col);
        }

        for (var i = 0; i <= 5; i++) Set(rows, i, 8, i);
        Set(rows, 7, 8, 6);
        Set(rows, 8, 8, 7);
        Set(rows, 8, 7, 8);
        for (var i = 9; i < 15; i++) Set(rows, 8, 14 - i, i);

        for (var i = 0; i < 8; i++) Set(rows, 8, size - 1 - i, i);
        for (var i = 8; i < 15; i++) Set(rows, size - 15 + i, 8, i);
        rows[size - 8] |= 1L << 8; // the dark module
    }

    // The standard's four rules: runs of five or more, 2×2 blocks, finder-like patterns, balance of dark and light.
    private static int Penalty(ReadOnlySpan<long> rows, int size)
    {
        Span<long> columns = stackalloc long[size];
        var dark = 0;
        for (var i = 0; i < size; i++)
        {
            dark += BitOperations.PopCount((ulong)rows[i]);
            for (var bits = (ulong)rows[i]; bits != 0; bits &= bits - 1)
            {
                columns[BitOperations.TrailingZeroCount(bits)] |= 1L << i;
            }
        }

        var score = Lines(rows, size) + Lines(columns, size);
        var inner = (1L << (size - 1)) - 1;
        for (var i = 0; i + 1 < size; i++)
        {
            long a = rows[i], b = rows[i + 1];
            var same = ~(a ^ b) & ~(a ^ (a >> 1)) & ~(b ^ (b >> 1)) & inner;
            score += 3 * BitOperations.PopCount((ulong)same);
        }

        var total = size * size;
        return score + ((Math.Abs(dark * 20 - total * 10) + total - 1) / total - 1) * 10;
    }

    // Rules 1 and 3 of the standard's penalty for every row (or column), with whole-line bit operations.
    private static int Lines(ReadOnlySpan<long> lines, int size)
    {
        var score = 0;
        var pairs = (1L << (size - 1)) - 1;
        var starts = (1L << (size - 2)) - 1;
        foreach (var line in lines)
        {
            // Rule 1: a run of r ≥ 5 modules of one colour scores r − 2. Bit k of `five` says modules k…k+4 are
            // alike: a run of r gives r − 4 consecutive bits, hence (r − 4) + 2 per group of bits.
            var same = ~(line ^ (line >> 1)) & pairs;
            var five = same & (same >> 1) & (same >> 2) & (same >> 3);
            score += BitOperations.PopCount((ulong)five) + 2 * BitOperations.PopCount((ulong)(five & ~(five << 1)));

            // Rule 3: 1:1:3:1:1 with four light modules before or after (outside the symbol is light): 40 each.
            score += 40 * (BitOperations.PopCount((ulong)(Matches(line << 4, 0b00001011101) & starts))
                + BitOperations.PopCount((ulong)(Matches(line << 4, 0b10111010000) & starts)));
        }

        return score;
    }

    // Bit p says bits p…p+10 of `bits` are the 11 bits of `pattern`.
    private static long Matches(long bits, int pattern)
    {
        var match = -1L;
        for (var j = 0; j < 11; j++)
        {
            match &= ((pattern >> j) & 1) != 0 ? bits >> j : ~(bits >> j);
        }

        return match;
    }

    private sealed class BitWriter(int capacityBytes)
    {
        public byte[] Bytes { get; } = new byte[capacityBytes];

        public int Count { get; private set; }

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                if (((value >> i) & 1) != 0) Bytes[Count >> 3] |= (byte)(0x80 >> (Count & 7));
                Count++;
            }
        }
    }
}

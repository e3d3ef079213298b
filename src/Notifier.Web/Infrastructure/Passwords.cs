using System.Security.Cryptography;

namespace Notifier.Web.Infrastructure;

public static class Passwords
{
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";
    private const string Symbols = "-_.!?@#%+=";

    // 20 characters from every class, shuffled: meets the Identity policy (Authentication.cs) with a wide margin.
    public static string Generate(int length = 20)
    {
        var all = Lower + Upper + Digits + Symbols;
        var chars = new List<char> { Pick(Lower), Pick(Upper), Pick(Digits), Pick(Symbols) };
        while (chars.Count < length)
        {
            chars.Add(Pick(all));
        }

        return new string(chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).ToArray());
    }

    private static char Pick(string set) => set[RandomNumberGenerator.GetInt32(set.Length)];
}

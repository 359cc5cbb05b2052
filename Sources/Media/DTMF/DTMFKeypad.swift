import Foundation

/// The sixteen DTMF keys and their tones (ITU-T Q.23 §2): each key sends one frequency of
/// the low group (its row on the pad) together with one of the high group (its column).
///
///              1209  1336  1477  1633 Hz
///     697 Hz     1     2     3     A
///     770 Hz     4     5     6     B
///     852 Hz     7     8     9     C
///     941 Hz     *     0     #     D
public enum DTMFKeypad {
    /// Low-group frequencies, one per row.
    public static let rowFrequencies: [Double] = [697, 770, 852, 941]
    /// High-group frequencies, one per column.
    public static let columnFrequencies: [Double] = [1209, 1336, 1477, 1633]
    /// Every key, row by row.
    public static let keys: [Character] = Array("123A456B789C*0#D")

    /// Level of a full-scale sine on a 16-bit linear channel: +3.14 dBm0, the μ-law figure
    /// of ITU-T G.711 (the "digital milliwatt", 0 dBm0, peaks 3.14 dB below full scale).
    /// spandsp's level arguments use the same reference.
    public static let fullScaleSineDBm0 = 3.14

    /// The key `character` stands for, upper-cased (`a`–`d` become `A`–`D`), or nil when
    /// it is not a DTMF key.
    public static func key(_ character: Character) -> Character? {
        // uppercased() can give several characters ("ß" → "SS"); none of those is a key.
        let upper = character.uppercased()
        guard upper.count == 1, let key = upper.first, keys.contains(key) else { return nil }
        return key
    }

    /// Row and column of a key on the pad (each 0…3), or nil for a character that is not a key.
    static func position(of character: Character) -> (row: Int, column: Int)? {
        guard let key = key(character), let index = keys.firstIndex(of: key) else { return nil }
        return (index / 4, index % 4)
    }

    /// The low and high frequency of a key, or nil for a character that is not a key.
    public static func frequencies(of character: Character) -> (low: Double, high: Double)? {
        guard let (row, column) = position(of: character) else { return nil }
        return (rowFrequencies[row], columnFrequencies[column])
    }

    /// Peak amplitude, in 16-bit sample units, of a sine at `dBm0`.
    public static func peakAmplitude(dBm0: Double) -> Double {
        32767 * pow(10, (dBm0 - fullScaleSineDBm0) / 20)
    }
}

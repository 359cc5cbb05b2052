/// Which recent packet indices were already accepted (RFC 3711 §3.3.2): a sliding bitmap
/// behind the highest index seen. A packet is fresh when its index is above the highest, or
/// within the window and not yet marked. Only packets that authenticated are marked.
struct SRTPReplayWindow {
    /// Indices the window remembers behind the highest (a multiple of 64).
    let size: Int
    private var words: [UInt64]
    /// The highest index accepted; nil before the first packet.
    private(set) var highest: Int64?

    init(size: Int) {
        let rounded = max(64, (size + 63) / 64 * 64)
        self.size = rounded
        words = [UInt64](repeating: 0, count: rounded / 64)
    }

    /// Whether `index` may be accepted (not replayed, not older than the window).
    func isFresh(_ index: Int64) -> Bool {
        guard let highest else { return true }
        if index > highest { return true }
        let age = highest - index
        guard age < Int64(size) else { return false }
        return !bit(Int(age))
    }

    /// Marks `index` as received, sliding the window when it is the new highest.
    mutating func mark(_ index: Int64) {
        guard let current = highest else {
            highest = index
            set(0)
            return
        }
        if index > current {
            shift(by: index - current)
            highest = index
            set(0)
        } else if current - index < Int64(size) {
            set(Int(current - index))
        }
    }

    /// Bit n is the packet n indices behind the highest.
    private func bit(_ age: Int) -> Bool { words[age >> 6] & (1 << UInt64(age & 63)) != 0 }

    private mutating func set(_ age: Int) { words[age >> 6] |= 1 << UInt64(age & 63) }

    /// Ages every mark by `distance` (older packets move to higher bits).
    private mutating func shift(by distance: Int64) {
        guard distance < Int64(size) else {
            for index in words.indices { words[index] = 0 }
            return
        }
        let wordShift = Int(distance >> 6)
        let bitShift = UInt64(distance & 63)
        for index in words.indices.reversed() {
            let source = index - wordShift
            var value: UInt64 = source >= 0 ? words[source] << bitShift : 0
            if bitShift > 0, source - 1 >= 0 { value |= words[source - 1] >> (64 - bitShift) }
            words[index] = value
        }
    }
}

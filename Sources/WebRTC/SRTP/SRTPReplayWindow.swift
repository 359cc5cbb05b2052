/// Which recent packet indices were already accepted (RFC 3711 §3.3.2): a bitmap of the
/// `size` indices up to the highest seen. A packet is fresh when its index is above the
/// highest, or within the window and not yet marked. Only packets that authenticated are
/// marked.
///
/// The bitmap is a ring: index i is bit i mod `size`, so a new highest index only clears the
/// bits of the indices it skips (none when packets come in order) instead of shifting the
/// whole map per packet.
struct SRTPReplayWindow {
    /// Indices the window remembers up to the highest (a multiple of 64).
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
        guard highest - index < Int64(size) else { return false }
        return !isMarked(index)
    }

    /// Marks `index` as received, moving the window on when it is the new highest.
    mutating func mark(_ index: Int64) {
        guard let current = highest else {
            highest = index
            set(index)
            return
        }
        if index > current {
            // The indices passed over were never received: their bits, last used by indices
            // `size` lower, start clear.
            if index - current >= Int64(size) {
                for word in words.indices { words[word] = 0 }
            } else {
                var passed = current + 1
                while passed < index {
                    clear(passed)
                    passed += 1
                }
            }
            highest = index
            set(index)
        } else if current - index < Int64(size) {
            set(index)
        }
    }

    /// Where index i lives: SRTP indices are never negative (48 bits, RFC 3711 §3.3.1).
    private func position(_ index: Int64) -> (word: Int, bit: UInt64) {
        let slot = Int(UInt64(bitPattern: index) % UInt64(size))
        return (slot >> 6, UInt64(slot & 63))
    }

    private func isMarked(_ index: Int64) -> Bool {
        let (word, bit) = position(index)
        return words[word] & (1 << bit) != 0
    }

    private mutating func set(_ index: Int64) {
        let (word, bit) = position(index)
        words[word] |= 1 << bit
    }

    private mutating func clear(_ index: Int64) {
        let (word, bit) = position(index)
        words[word] &= ~(1 << bit)
    }
}

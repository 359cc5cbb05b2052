/// A binary min-heap: `first` is the element no other precedes; push and pop are
/// O(log n). Timers of the SIP transaction layer and of the media loops are kept in one.
///
/// Inlinable so callers in other modules get it specialized for their element: unspecialized,
/// every element read goes through a generic witness that boxes the element on the heap.
public struct MinHeap<Element: Sendable>: Sendable {
    @usableFromInline var elements: [Element] = []
    @usableFromInline let precedes: @Sendable (Element, Element) -> Bool

    @inlinable public init(precedes: @escaping @Sendable (Element, Element) -> Bool) {
        self.precedes = precedes
    }

    @inlinable public var first: Element? { elements.first }
    @inlinable public var count: Int { elements.count }
    @inlinable public var isEmpty: Bool { elements.isEmpty }

    @inlinable public mutating func push(_ element: Element) {
        elements.append(element)
        var child = elements.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(elements[child], elements[parent]) else { break }
            elements.swapAt(child, parent)
            child = parent
        }
    }

    @discardableResult @inlinable
    public mutating func popFirst() -> Element? {
        guard let top = elements.first else { return nil }
        let last = elements.removeLast()
        guard !elements.isEmpty else { return top }
        elements[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < elements.count, precedes(elements[left], elements[first]) { first = left }
            if right < elements.count, precedes(elements[right], elements[first]) { first = right }
            guard first != parent else { return top }
            elements.swapAt(parent, first)
            parent = first
        }
    }

    @inlinable public mutating func removeAll() { elements.removeAll() }
}

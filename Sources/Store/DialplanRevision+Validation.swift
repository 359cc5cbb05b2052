extension DialplanRevision {
    /// Checks what `saveRevision` is given before it touches the database.
    ///
    /// Names and contents must not hold a NUL byte: NUL separates them in the digest's
    /// canonical content, and dialplan YAML never contains one.
    static func validate(files: [DialplanRevisionFile], source: String) throws(StoreError) {
        guard sources.contains(source) else {
            throw StoreError(.invalidRecord, "unknown dialplan revision source '\(source)'; "
                             + "use one of \(sources.joined(separator: ", "))")
        }
        guard !files.isEmpty else {
            throw StoreError(.invalidRecord, "a dialplan revision needs at least one file")
        }
        guard files.count <= maximumFileCount else {
            throw StoreError(.tooLarge, "a dialplan revision holds at most \(maximumFileCount) files; "
                             + "this one has \(files.count)")
        }
        var totalBytes = 0
        var names = Set<[UInt8]>()
        for file in files {
            guard !file.name.isEmpty else {
                throw StoreError(.invalidRecord, "a dialplan revision file has an empty name")
            }
            guard !file.name.utf8.contains(0), !file.contents.utf8.contains(0) else {
                throw StoreError(.invalidRecord, "dialplan file '\(file.name)' contains a NUL byte")
            }
            // Byte-wise, like SQLite's primary key: names that only differ in Unicode
            // normalization are different files on disk.
            guard names.insert(Array(file.name.utf8)).inserted else {
                throw StoreError(.invalidRecord, "dialplan file name '\(file.name)' appears twice")
            }
            totalBytes += file.contents.utf8.count
        }
        guard totalBytes <= maximumTotalBytes else {
            throw StoreError(.tooLarge, "a dialplan revision holds at most \(maximumTotalBytes) bytes "
                             + "of contents (4 MiB); this one has \(totalBytes)")
        }
    }
}

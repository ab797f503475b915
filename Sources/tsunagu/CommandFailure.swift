/// A command that could not do its work for a reason found while running (a store that is not
/// there, a subject nothing is recorded about, a gateway holding the folder): said as an error
/// with exit status 1, without the usage text that a wrong argument (exit 64) gets.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

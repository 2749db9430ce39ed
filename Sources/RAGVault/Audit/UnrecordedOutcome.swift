/// An error that is not an answer: the caller will ask again (a search handing its query's
/// embedding back to an async caller). `Vault.audited` records nothing for it; the request
/// made again is recorded, whatever its outcome.
protocol UnrecordedOutcome: Error {}

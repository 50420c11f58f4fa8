// The engine, end to end and pure: (base files, head files, policy config) -> Report.
// The CLI and the GitHub App both call this; nothing they decide is written twice.
export {};

/// Words too common to help ranking. A tenant can replace the list or turn it off
/// (`TenantSettings.stopwords`); `any` mode never drops words.
public enum QueryStopwords {
    /// English function words and question words (lower case): the words of a question that
    /// say nothing about its subject ("what are the", "how do I").
    public static let english: Set<String> = [
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "below", "between", "both", "but", "by",
        "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further",
        "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how",
        "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself",
        "near", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they",
        "this", "those", "through", "to", "too", "under", "until", "up", "very",
        "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
        "would", "you", "your", "yours", "yourself", "yourselves"
    ]
}

extension TenantSettings {
    /// The words this tenant's queries leave out: its own list, or English when it set none.
    var stopwordSet: Set<String> { stopwords.map { Set($0.map { $0.lowercased() }) } ?? QueryStopwords.english }
}

namespace RefAssured.Sdk;

/// <summary>The documented values of a candidate note's <c>action</c>.</summary>
public enum CandidateNoteActionKind
{
    /// <summary>A value this version of the SDK does not know; <see cref="CandidateNoteAction.Value"/> keeps its text.</summary>
    Unknown = 0,

    /// <summary><c>RefAssured Sent</c>: a reference request was sent.</summary>
    RefAssuredSent = 1,

    /// <summary><c>RefAssured Completed</c>: a reference was completed.</summary>
    RefAssuredCompleted = 2,

    /// <summary><c>IP Collision</c>: fraud detection saw the same IP address for different people.</summary>
    IpCollision = 3,
}

namespace RefAssured.Sdk.Tests.Inbox.Contract;

public sealed class FileInboxContractTests : InboxContractTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "refassured-contract-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    protected override Task<IRefAssuredInbox> CreateAsync() =>
        Task.FromResult<IRefAssuredInbox>(new FileRefAssuredInbox(new FileRefAssuredInboxOptions { Directory = _directory }));
}

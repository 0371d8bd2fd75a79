namespace RefAssured.Sdk.Tests.Inbox.Contract;

public sealed class InMemoryInboxContractTests : InboxContractTests
{
    protected override Task<IRefAssuredInbox> CreateAsync() => Task.FromResult<IRefAssuredInbox>(new InMemoryRefAssuredInbox());
}

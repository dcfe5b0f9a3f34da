using System.Collections;

namespace RevenueCycle.X12;

/// <summary>
/// The readers' <c>ReadAll</c>: transaction sets one at a time, lazily, like an iterator, except that the
/// enumerator lets go of the transaction it returned before it reads the next one. An iterator method
/// (<c>yield return</c>) keeps its <c>Current</c> while <c>MoveNext</c> runs, so the GC would find two
/// transactions alive while the second is being read, and copy both from generation to generation.
/// </summary>
internal sealed class TransactionSequence<T>(Func<T?> readNext) : IEnumerable<T> where T : class
{
    public IEnumerator<T> GetEnumerator() => new Enumerator(readNext);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator(Func<T?> readNext) : IEnumerator<T>
    {
        private T? _current;

        public T Current => _current!; // like an iterator: default before the start and after the end

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            _current = null; // before reading the next transaction, not after
            _current = readNext();
            return _current is not null;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose() => _current = null;
    }
}

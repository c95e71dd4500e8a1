using System.Numerics;

namespace PeerPlatform.Outcomes.Domain;

/// <summary>
/// A report's counts as cells, with the sums a reader knows hold between them. Decides which
/// published counts to withhold so that no small count of people is shown or can be worked out
/// from the rest by subtraction (primary, then secondary suppression).
/// </summary>
public sealed class DisclosureTable
{
    private readonly int threshold;
    private readonly List<Cell> cells = [];
    private readonly List<Relation> relations = [];
    private readonly Dictionary<string, Cell> byName = new(StringComparer.Ordinal);
    private IReadOnlySet<string>? decided;

    public DisclosureTable(int threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        this.threshold = threshold;
    }

    /// <summary>A count in the report; <see cref="IsPublished"/> is false for a remainder the reader can compute.</summary>
    public sealed class Cell
    {
        internal Cell(DisclosureTable owner, int index, string name, int value, bool isPublished, bool isPersonCount)
        {
            Owner = owner;
            Index = index;
            Name = name;
            Value = value;
            IsPublished = isPublished;
            IsPersonCount = isPersonCount;
        }

        internal DisclosureTable Owner { get; }
        internal int Index { get; }
        public string Name { get; }
        public int Value { get; }
        public bool IsPublished { get; }
        public bool IsPersonCount { get; }

        public override string ToString() => $"{Name} = {Value}";
    }

    // whole = Σ parts, with the whole's coefficient +1 and each part's −1.
    private sealed record Relation(Cell Whole, Cell[] Parts)
    {
        public IEnumerable<Cell> Members => Parts.Prepend(Whole);
    }

    public IReadOnlyList<Cell> Cells => cells;

    /// <summary>A published count; <paramref name="personCount"/> false for quantities that are not people (never primary-suppressed).</summary>
    public Cell Count(string name, int value, bool personCount = true) => Add(name, value, isPublished: true, personCount);

    /// <summary>
    /// An unpublished count the reader can still compute as whole − Σ parts (declined = informed − consented);
    /// adds the relation whole = Σ parts + remainder. It counts people when the whole does.
    /// </summary>
    public Cell Remainder(string name, Cell whole, params Cell[] parts)
    {
        CheckMembers(whole, parts);
        var remainder = Add(name, whole.Value - parts.Sum(part => part.Value), isPublished: false, whole.IsPersonCount);
        relations.Add(new Relation(whole, [.. parts, remainder]));
        return remainder;
    }

    /// <summary>A relation whole = Σ parts that the report's figures satisfy.</summary>
    public void Sum(Cell whole, params Cell[] parts)
    {
        CheckMembers(whole, parts);
        var sum = parts.Sum(part => part.Value);
        if (sum != whole.Value)
        {
            throw new ArgumentException($"{whole.Name} is {whole.Value} but its parts add up to {sum}.", nameof(parts));
        }

        relations.Add(new Relation(whole, parts));
        decided = null;
    }

    /// <summary>
    /// The published cells to withhold: every small person count, then, one at a time, a further cell of a
    /// relation through which a hidden small count can still be derived, until none can. Deterministic.
    /// </summary>
    public IReadOnlySet<string> Withheld() => decided ??= Decide();

    /// <summary>The hidden cells (withheld or unpublished) that a reader can compute exactly from the published ones, in the order added.</summary>
    public IReadOnlyList<string> Derivable(IReadOnlySet<string> withheld)
    {
        var hidden = new bool[cells.Count];
        foreach (var name in withheld)
        {
            if (!byName.TryGetValue(name, out var cell))
            {
                throw new ArgumentException($"No cell is named {name}.", nameof(withheld));
            }

            hidden[cell.Index] = true;
        }

        var derivable = DerivableCells(HiddenWith(hidden));
        return [.. cells.Where(cell => derivable[cell.Index]).Select(cell => cell.Name)];
    }

    private Cell Add(string name, int value, bool isPublished, bool isPersonCount)
    {
        if (byName.ContainsKey(name))
        {
            throw new ArgumentException($"A cell named {name} is already in the table.", nameof(name));
        }

        var cell = new Cell(this, cells.Count, name, value, isPublished, isPersonCount);
        byName.Add(name, cell);
        cells.Add(cell);
        decided = null;
        return cell;
    }

    private void CheckMembers(Cell whole, Cell[] parts)
    {
        if (parts.Length == 0)
        {
            throw new ArgumentException("A relation needs at least one part.", nameof(parts));
        }

        if (parts.Prepend(whole).Any(cell => cell.Owner != this))
        {
            throw new ArgumentException("Every cell of a relation must belong to this table.", nameof(parts));
        }
    }

    private bool IsSmallPersonCount(Cell cell) => cell.IsPersonCount && cell.Value >= 1 && cell.Value < threshold;

    // Unpublished cells are always hidden; the others only when withheld.
    private bool[] HiddenWith(bool[] withheld) => [.. cells.Select(cell => !cell.IsPublished || withheld[cell.Index])];

    private IReadOnlySet<string> Decide()
    {
        var withheld = cells.Select(cell => cell.IsPublished && IsSmallPersonCount(cell)).ToArray();
        while (true)
        {
            var hidden = HiddenWith(withheld);
            var derivable = DerivableCells(hidden);
            var exposed = cells.FirstOrDefault(cell => derivable[cell.Index] && IsSmallPersonCount(cell));
            if (exposed is null)
            {
                break;
            }

            withheld[CellToWithhold(exposed, hidden).Index] = true;
        }

        return cells.Where(cell => withheld[cell.Index]).Select(cell => cell.Name).ToHashSet(StringComparer.Ordinal);
    }

    // The nearest relation to the exposed cell (first those containing it, then through other hidden cells)
    // that still has a published cell; of that relation a part before the whole, the smallest, the first added.
    private Cell CellToWithhold(Cell exposed, bool[] hidden)
    {
        var visitedCells = new bool[cells.Count];
        var visitedRelations = new bool[relations.Count];
        var queue = new Queue<Cell>([exposed]);
        visitedCells[exposed.Index] = true;
        while (queue.TryDequeue(out var cell))
        {
            for (var r = 0; r < relations.Count; r++)
            {
                var relation = relations[r];
                if (visitedRelations[r] || !relation.Members.Contains(cell))
                {
                    continue;
                }

                visitedRelations[r] = true;
                var candidate = relation.Members
                    .Where(member => !hidden[member.Index])
                    .OrderBy(member => member == relation.Whole ? 1 : 0)
                    .ThenBy(member => member.Value)
                    .ThenBy(member => member.Index)
                    .FirstOrDefault();
                if (candidate is not null)
                {
                    return candidate;
                }

                foreach (var member in relation.Members.Where(member => !visitedCells[member.Index]))
                {
                    visitedCells[member.Index] = true;
                    queue.Enqueue(member);
                }
            }
        }

        // Unreachable while every relation holds: a derived nonzero value needs a published cell somewhere.
        throw new InvalidOperationException($"{exposed.Name} can be derived but no relation reaching it has a published cell.");
    }

    // Each relation is an equation over the hidden cells (published values move to the right-hand side).
    // A hidden cell is derivable iff its unit vector is in the row space: after exact Gauss-Jordan
    // elimination (integer rows, each pivot column cleared in every other row) some row has that cell alone.
    private bool[] DerivableCells(bool[] hidden)
    {
        var columnOf = new int[cells.Count];
        var columns = new List<int>();
        for (var i = 0; i < cells.Count; i++)
        {
            columnOf[i] = hidden[i] ? columns.Count : -1;
            if (hidden[i])
            {
                columns.Add(i);
            }
        }

        var rows = new List<BigInteger[]>();
        foreach (var relation in relations)
        {
            var row = new BigInteger[columns.Count];
            foreach (var part in relation.Parts.Where(part => hidden[part.Index]))
            {
                row[columnOf[part.Index]] -= 1;
            }

            if (hidden[relation.Whole.Index])
            {
                row[columnOf[relation.Whole.Index]] += 1;
            }

            if (row.Any(coefficient => !coefficient.IsZero))
            {
                rows.Add(row);
            }
        }

        var rank = 0;
        for (var column = 0; column < columns.Count && rank < rows.Count; column++)
        {
            var pivot = rows.FindIndex(rank, row => !row[column].IsZero);
            if (pivot < 0)
            {
                continue;
            }

            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            var pivotRow = rows[rank];
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                if (r == rank || row[column].IsZero)
                {
                    continue;
                }

                var factor = row[column];
                for (var c = 0; c < row.Length; c++)
                {
                    row[c] = row[c] * pivotRow[column] - pivotRow[c] * factor;
                }

                DivideByCommonFactor(row);
            }

            rank++;
        }

        var derivable = new bool[cells.Count];
        foreach (var row in rows.Take(rank))
        {
            var nonzero = Enumerable.Range(0, row.Length).Where(c => !row[c].IsZero).Take(2).ToArray();
            if (nonzero.Length == 1)
            {
                derivable[columns[nonzero[0]]] = true;
            }
        }

        return derivable;
    }

    // Keeps the integers small: a row and its multiples span the same space.
    private static void DivideByCommonFactor(BigInteger[] row)
    {
        var divisor = row.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
        if (divisor > BigInteger.One)
        {
            for (var c = 0; c < row.Length; c++)
            {
                row[c] /= divisor;
            }
        }
    }
}

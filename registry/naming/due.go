package naming

import "sync"

// The sweep looks at an instance when something about it can be due, not
// on every pass: each look files the instance under the slot (of the check
// interval's width) of its next possible verdict, the beat timeout of a
// healthy one or the removal of an unhealthy one, and a sweep looks only
// at the slots that came due. A beat moves nothing: when the slot comes,
// the look finds the later beat and files the instance again. So an
// instance beating every 5 s with a 15 s timeout is looked at once every
// ~15 s instead of twice a second, and a sweep of a registry of 100,000
// costs what is due in it, not 100,000 looks.
//
// A full pass over the index every fullSweepEvery sweeps (the first one
// included) finds what no look filed: instances that came through the
// store without a registration here (after a restart), and beat records
// whose instance went.
const fullSweepEvery = 60

// dueSchedule is the slots of the sweep's next looks.
type dueSchedule struct {
	mu    sync.Mutex
	width int64               // nanos per slot
	slots map[int64][]dueLook // slot -> looks
	filed uint64              // looks filed so far
}

func newDueSchedule(width int64) *dueSchedule {
	return &dueSchedule{width: max(width, 1), slots: map[int64][]dueLook{}}
}

// dueLook is one look the sweep owes at an instance. Only the latest look
// filed for a beat record counts: the record keeps its number, and earlier
// looks are skipped when their slot comes.
type dueLook struct {
	key string
	n   uint64
}

// file schedules a look at key's instance at unix nanos at. Call it under
// the sweep lock, or on a record not yet shared.
func (d *dueSchedule) file(key string, b *beat, at int64) {
	d.mu.Lock()
	d.filed++
	b.look = d.filed
	d.slots[at/d.width] = append(d.slots[at/d.width], dueLook{key: key, n: d.filed})
	d.mu.Unlock()
}

// take removes and answers the looks of every slot up to unix nanos now.
// Looks filed meanwhile wait for the next sweep.
func (d *dueSchedule) take(now int64) []dueLook {
	last := now / d.width
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []dueLook
	for slot, looks := range d.slots {
		if slot <= last {
			out = append(out, looks...)
			delete(d.slots, slot)
		}
	}
	return out
}

package pbx

// State is where a channel is in its call. Only the engine's frame loop changes it.
type State uint8

const (
	// Idle: no call. FXS: on hook. FXO: line on hook, not ringing.
	// → Dialing on off-hook; → Ringing when called; (FXO) → Incoming on ring.
	Idle State = iota
	// Dialing: FXS off hook hearing dial tone and collecting digits.
	// → Ringback, Outgoing or Busy when the number is routed; → Idle on on-hook.
	Dialing
	// Ringback: FXS caller waiting while the callee rings. → Talking on answer; → Idle on on-hook.
	Ringback
	// Ringing: FXS being called, ring voltage on. → Talking on off-hook; → Idle when the caller gives up.
	Ringing
	// Talking: bridged with the other party. → Busy when the other party clears; → Idle on on-hook.
	Talking
	// Outgoing: FXS waiting while its outside line is seized and dialed. → Talking; → Idle on on-hook.
	Outgoing
	// BusyTone: FXS hearing busy or congestion tone until it hangs up. → Idle on on-hook.
	BusyTone
	// Incoming: FXO line ringing in; caller ID being received, the call being routed.
	// → Alerting when a destination rings; → Idle when the caller gives up.
	Incoming
	// Alerting: FXO incoming call ringing an extension. → Talking on answer; → Idle on give-up.
	Alerting
	// Seizing: FXO line seized for an outgoing call, waiting for dial tone and sending digits.
	// → Talking once the digits are sent; → Idle on release.
	Seizing
	// Faulty: the port's hardware failed; no calls until it recovers. → Idle on recovery.
	Faulty
	// Parked: FXS left off hook after congestion; ignored until it hangs up. → Idle on on-hook.
	Parked
	// Menu: FXO line answered by the auto attendant; the caller hears a menu and presses keys.
	// → Alerting when a destination rings; → Idle when the caller hangs up or the menu hangs up.
	Menu
	// Announcing: the caller hears the agent's number before being connected. → Talking.
	Announcing
	// Rating: the agent hung up; the caller hears the rating question and presses 1 or 0. → Idle.
	Rating
	// Message: the caller hears an announcement (after hours, restriction) before the line is released. → Idle.
	Message
	// Mailbox: FXO caller leaving a message, or FXS user listening to a mailbox. → Idle.
	Mailbox
	// Held: put on hold by a station's hook flash; hears music. → Talking when retrieved
	// or transferred, Conference when joined; → Idle on on-hook (FXS) or far-end clear (FXO).
	Held
	// Queued: waiting in a group's queue hearing its position and music. → Ringback (FXS)
	// or Alerting (FXO) when a member is free; overflow after queue_max_wait; → Idle on hang-up.
	Queued
	// Conference: a member of a conference of three or more (dsp/mix). → Dialing when a
	// station steps out with a flash; → BusyTone (FXS) or Idle (FXO) when the others left;
	// → Idle on hang-up.
	Conference
	// Monitoring: FXS supervisor listening to, or whispering into, another extension's
	// call. → BusyTone when that call ends; → Idle on on-hook.
	Monitoring
)

var stateNames = [...]string{"idle", "dialing", "ringback", "ringing", "talking", "outgoing", "busy",
	"incoming", "alerting", "seizing", "faulty", "parked", "menu", "announcing", "rating", "message", "voicemail",
	"held", "queued", "conference", "monitoring"}

// String returns the state's lower-case name, as `pbx status` shows it.
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "unknown"
}

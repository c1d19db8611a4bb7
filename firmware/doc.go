// Package firmware is the appliance's lifecycle around the call core: the hardware
// watchdog, fed only while every subsystem shows it is alive (the card's frame loop, the
// control API), so a wedged call core reboots the box instead of leaving it silent.
//
// It imports only the standard library; the services it watches are reached through the
// small Heartbeat interface.
package firmware

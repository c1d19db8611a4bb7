package ui

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"

	"github.com/analogpbx/pbx/pbx"
	"github.com/analogpbx/pbx/pbx/conf"
)

// menuKeys are the keypad keys a menu can map, in keypad order.
const menuKeys = "0123456789*#"

// ivrScreen shows the IVR menus as a tree: each menu with its keys, a key leading to
// another menu holding that menu's subtree. Enter edits the menu under the cursor.
type ivrScreen struct {
	a       *App
	tree    *tview.TreeView
	want    string         // menu to select at the next refresh
	presses map[string]int // "menu/key" → presses since the daemon started
}

func newIVR(a *App) screen {
	s := &ivrScreen{a: a, tree: tview.NewTreeView()}
	s.tree.SetBorder(true).SetTitle(" IVR menus ")
	s.tree.SetGraphicsColor(tcell.ColorDefault)
	s.tree.SetSelectedFunc(func(n *tview.TreeNode) {
		if id, ok := n.GetReference().(string); ok {
			menuForm(a, s, id).open()
		}
	})
	s.tree.SetInputCapture(func(ev *tcell.EventKey) *tcell.EventKey {
		if ev.Key() != tcell.KeyRune {
			return ev
		}
		switch ev.Rune() {
		case 'a':
			menuForm(a, s, "").open()
			return nil
		case 'u':
			s.refresh()
			return nil
		case 'd':
			if id, ok := s.tree.GetCurrentNode().GetReference().(string); ok {
				a.confirmDelete("ivr "+id, func() {})
			}
			return nil
		}
		return ev
	})
	return s
}

func (s *ivrScreen) title() string          { return "IVR" }
func (s *ivrScreen) page() tview.Primitive  { return s.tree }
func (s *ivrScreen) focus() tview.Primitive { return s.tree }
func (s *ivrScreen) help() string {
	return "1-0 screens  ↑↓ move  Enter edit menu  a add  d delete  u key counts  q quit"
}

// refresh draws the tree and reads the key statistics in the background.
func (s *ivrScreen) refresh() {
	s.draw()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
		defer cancel()
		st, err := s.a.c.Stats(ctx)
		if err != nil {
			return // the tree is whole without the counts
		}
		s.a.tv.QueueUpdateDraw(func() {
			s.presses = st.IVRKeys
			if s.a.form == nil && s.a.cur == screenIVR {
				s.draw()
			}
		})
	}()
}

// draw rebuilds the tree: the roots are the menus no other menu leads to (the
// ones lines and the system send calls to), each key a child, sub-menus nested.
func (s *ivrScreen) draw() {
	cfg := s.a.cfg
	root := tview.NewTreeNode("IVR").SetSelectable(false)
	s.tree.SetRoot(root).SetTopLevel(1)
	if cfg == nil {
		return
	}
	keep := ""
	if n := s.tree.GetCurrentNode(); n != nil {
		keep, _ = n.GetReference().(string)
	}
	if s.want != "" {
		keep, s.want = s.want, ""
	}
	menus := map[string]*pbx.IVRMenu{}
	child := map[string]bool{}
	for i := range cfg.IVRs {
		m := &cfg.IVRs[i]
		menus[m.ID] = m
		for _, d := range m.Keys {
			if sub, ok := strings.CutPrefix(string(d), "ivr:"); ok && sub != m.ID {
				child[sub] = true
			}
		}
	}
	var sel *tview.TreeNode
	var add func(parent *tview.TreeNode, m *pbx.IVRMenu, path []string)
	add = func(parent *tview.TreeNode, m *pbx.IVRMenu, path []string) {
		label := "menu " + m.ID + "  (prompt " + m.Prompt + ", default " + orDash(string(m.Default)) + ")"
		n := tview.NewTreeNode(tview.Escape(label)).SetReference(m.ID).SetTextStyle(styleAccent()).
			SetSelectedTextStyle(styleReverse())
		parent.AddChild(n)
		if m.ID == keep && sel == nil {
			sel = n
		}
		for _, k := range sortedKeys(m.Keys) {
			d := string(m.Keys[k])
			label := "key " + k + " → " + d
			if n := s.presses[m.ID+"/"+k]; n > 0 {
				label += "  (" + strconv.Itoa(n) + " pressed)"
			}
			kn := tview.NewTreeNode(tview.Escape(label)).SetReference(m.ID).
				SetSelectedTextStyle(styleReverse())
			n.AddChild(kn)
			sub, ok := strings.CutPrefix(d, "ivr:")
			if sm := menus[sub]; ok && sm != nil && !slices.Contains(path, sub) {
				add(kn, sm, append(path, sub))
			}
		}
		if m.DialExt {
			n.AddChild(tview.NewTreeNode("extension numbers dial through").SetReference(m.ID).
				SetSelectedTextStyle(styleReverse()))
		}
	}
	for i := range cfg.IVRs {
		if m := &cfg.IVRs[i]; !child[m.ID] {
			add(root, m, []string{m.ID})
		}
	}
	// Menus reached only from other menus that form a cycle are shown at the top too.
	for i := range cfg.IVRs {
		m := &cfg.IVRs[i]
		if child[m.ID] && !reachable(root, m.ID) {
			add(root, m, []string{m.ID})
		}
	}
	if sel == nil && len(root.GetChildren()) > 0 {
		sel = root.GetChildren()[0]
	}
	s.tree.SetCurrentNode(sel)
}

// reachable reports whether a node for menu id is under n.
func reachable(n *tview.TreeNode, id string) bool {
	if r, ok := n.GetReference().(string); ok && r == id {
		return true
	}
	for _, c := range n.GetChildren() {
		if reachable(c, id) {
			return true
		}
	}
	return false
}

// sortedKeys returns a menu's keys in keypad order.
func sortedKeys(m map[string]pbx.Destination) []string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int {
		ia, ib := strings.Index(menuKeys, a), strings.Index(menuKeys, b)
		if ia < 0 || ib < 0 || len(a) != 1 || len(b) != 1 {
			return strings.Compare(a, b)
		}
		return ia - ib
	})
	return keys
}

// menuForm edits IVR menu id ("" = a new one): its prompt, timing, default and
// where each key leads.
func menuForm(a *App, s *ivrScreen, id string) *editForm {
	cfg := a.cfg
	m := pbx.IVRMenu{ID: "", Prompt: "", Timeout: 5e9, Retries: 1, Default: "operator"}
	title := "New IVR menu"
	if i := slices.IndexFunc(cfg.IVRs, func(x pbx.IVRMenu) bool { return x.ID == id }); i >= 0 {
		m = cfg.IVRs[i]
		title = "IVR menu " + id
	}
	keys := make([]string, len(menuKeys))
	for i, k := range menuKeys {
		keys[i] = string(m.Keys[string(k)])
	}
	def := string(m.Default)
	f := newEditForm(a, title, "ivr "+m.ID)
	f.str("Menu id", "", &m.ID, checkID)
	f.str("Prompt", "prompt", &m.Prompt, checkPrompt)
	f.checkbox("Dial extensions", "dial_ext", &m.DialExt)
	f.dur("Wait for a key", "timeout", &m.Timeout)
	f.num("Retries", "retries", &m.Retries, false)
	f.str("Default (no input)", "default", &def, checkDest)
	for i, k := range menuKeys {
		f.str("Key "+string(k), "key "+string(k), &keys[i], checkDest)
	}
	var del func()
	if id != "" {
		del = func() { f.close(); a.confirmDelete("ivr "+id, func() {}) }
	}
	f.buttons(del)
	f.text = func() ([]byte, error) {
		m.Default = pbx.Destination(def)
		old := m.Keys
		m.Keys = map[string]pbx.Destination{}
		for i, k := range menuKeys {
			if keys[i] != "" {
				m.Keys[string(k)] = pbx.Destination(keys[i])
			}
		}
		c := conf.Clone(a.cfg)
		if i := slices.IndexFunc(c.IVRs, func(x pbx.IVRMenu) bool { return x.ID == id }); i >= 0 && id != "" {
			c.IVRs[i] = m
		} else {
			c.IVRs = append(c.IVRs, m)
		}
		f.section = "ivr " + m.ID
		var b bytes.Buffer
		b.Write(objectText(c, "ivr", id, m.ID))
		if id == m.ID {
			// A key the base still maps is cleared with an empty value.
			for k := range old {
				if _, ok := m.Keys[k]; !ok {
					b.WriteString("key " + k + " =\n")
				}
			}
		}
		m.Keys = old
		return b.Bytes(), nil
	}
	f.saved = func() {
		s.want = m.ID
		a.say("saved IVR menu " + m.ID)
	}
	return f
}
